import Foundation
import Glibc

/// Starts a program with posix_spawn. The child gets default dispositions for the signals a daemon ignores
/// in favour of Dispatch sources, and no blocked signals (Dispatch's threads block them), so a SIGTERM sent
/// before its own handlers exist still stops it.
public enum Spawn {
    /// This program's own binary, for starting another of its commands (`wasp up`, the benches).
    public static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// `descriptors` maps a descriptor of ours to the number the child sees it as (after stderr); `environment`
    /// (`NAME=value`) is added to ours.
    public static func start(_ executable: String, _ arguments: [String], stderr: Int32? = nil,
                             descriptors: [(ours: Int32, child: Int32)] = [],
                             environment: [String] = []) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, STDERR_FILENO) }
        for descriptor in descriptors { posix_spawn_file_actions_adddup2(&actions, descriptor.ours, descriptor.child) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        var ours: [String] = []
        var index = 0
        while let entry = environ[index] {
            ours.append(String(cString: entry))
            index += 1
        }
        let names = Set(environment.map { $0.prefix { $0 != "=" } })
        let envp = (ours.filter { !names.contains($0.prefix { $0 != "=" }) } + environment).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return result == 0 ? .success(pid) : .failure(SpawnError(code: result))
    }
}

extension Spawn {
    /// How a child ended: its exit code, or the signal that killed it.
    public enum Exit: CustomStringConvertible, Sendable {
        case code(Int32)
        case signal(Int32)

        /// The shell's convention: the exit code, or 128 + the signal.
        public var status: Int32 {
            switch self {
            case .code(let code): return code
            case .signal(let number): return 128 + number
            }
        }

        public var description: String {
            switch self {
            case .code(let code): return "exit \(code)"
            case .signal(let number): return "signal \(number)"
            }
        }
    }

    /// Waits for `pid` to end, through interruptions.
    public static func waitForExit(_ pid: pid_t) -> Exit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? .code((status >> 8) & 0xff) : .signal(signal)
    }
}

extension Spawn {
    /// Runs `command` to its end, with `environment` added to ours: its exit status and what it printed on
    /// standard output, and on standard error too when `withErrors` (else that is dropped).
    public static func output(of command: [String], environment: [String: String] = [:],
                              withErrors: Bool) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = withErrors ? pipe : FileHandle.nullDevice
        try process.run()
        let printed = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public let code: Int32
    public var description: String { "cannot start: \(String(cString: strerror(code)))" }
}
