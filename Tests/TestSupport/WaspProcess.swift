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

    /// The port in the intake's `listening` line of a `wasp up` log.
    public static func intakePort(in log: [String]) -> UInt16? {
        log.lazy.compactMap { line -> UInt16? in
            guard line.hasPrefix("intake: listening"),
                  let address = line.split(separator: " ").first(where: { $0.hasPrefix("address=") }) else { return nil }
            return address.split(separator: ":").last.flatMap { UInt16($0) }
        }.first
    }

    /// Starts a daemon (`intake`, `scheduler`, `up`, ...) on `root` and waits for its line containing `readyWhen`
    /// (`listening` for a server, `running` for the scheduler; nil: no waiting).
    public static func start(_ daemon: String, root: TemporaryRoot, readyWhen: String? = " listening") throws -> DaemonProcess {
        try DaemonProcess(executable: Paths.wasp, arguments: [daemon, "--root", root.path], readyWhen: readyWhen)
    }
}
