import Foundation
import Glibc
import Supervisor

/// Runs the real `wasp` binary.
public enum Wasp {
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String
    }

    /// Runs a command to completion, feeding `input` on stdin.
    public static func run(_ arguments: [String], input: String = "") throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.wasp)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                       errors: String(decoding: errors, as: UTF8.self))
    }

    /// Starts a daemon (`intake`, `scheduler`, `up`, ...) on `root` and waits for its line containing `readyWhen`
    /// (`listening` for a server, `running` for the scheduler; nil: no waiting).
    public static func start(_ daemon: String, root: TemporaryRoot, readyWhen: String? = " listening") throws -> DaemonProcess {
        try DaemonProcess(executable: Paths.wasp, arguments: [daemon, "--root", root.path], readyWhen: readyWhen)
    }
}
