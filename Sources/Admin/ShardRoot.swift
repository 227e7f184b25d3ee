import Foundation
import Processes

/// Another shard's root as `etc/shards` gives it: `host:/path`, reached by ssh and rsync over ssh, or a path on
/// this machine (shards side by side, as in the tests).
struct ShardRoot {
    let location: String

    init(_ location: String) {
        self.location = location
    }

    private var remote: (host: String, path: String)? {
        guard !location.hasPrefix("/"), let colon = location.firstIndex(of: ":") else { return nil }
        return (String(location[..<colon]), String(location[location.index(after: colon)...]))
    }

    /// The same absolute path on that shard's host.
    func sibling(_ path: String) -> String {
        remote.map { $0.host + ":" + path } ?? path
    }

    /// Runs a wasp command there (`wasp` on the remote PATH); throws with its output when it fails.
    func run(_ wasp: String, _ arguments: [String], progress: (String) -> Void) throws(ShardMoveError) {
        let command = command(wasp, arguments)
        let (status, output) = Self.capture(command)
        guard status == 0 else {
            throw ShardMoveError("'\(command.joined(separator: " "))' exited \(status): \(output.suffix(500))")
        }
        output.split(separator: "\n").forEach { progress(String($0)) }
    }

    /// The command line that runs `wasp arguments --root <path>` there. ssh hands the remote shell one string, so
    /// each word is quoted for it (a path with a blank or `;` stays one argument), and `--` ends ssh's options so
    /// that a host written as `-oProxyCommand=…` is a host, not an option.
    func command(_ wasp: String, _ arguments: [String]) -> [String] {
        guard let remote else { return [wasp] + arguments + ["--root", location] }
        let words = ["wasp"] + arguments + ["--root", remote.path]
        return ["/usr/bin/ssh", "--", remote.host, words.map(Self.shellQuoted).joined(separator: " ")]
    }

    /// `word` in single quotes for a POSIX shell, a quote in it written as `'\''`.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func rsync(_ arguments: [String]) throws(ShardMoveError) {
        let command = ["/usr/bin/rsync", "-a"] + arguments
        let (status, output) = capture(command)
        guard status == 0 else { throw ShardMoveError("'\(command.joined(separator: " "))' exited \(status): \(output.suffix(500))") }
    }

    /// Runs `command`, with `environment` added to ours; its exit status and what it printed.
    static func run(_ command: [String], environment: [String: String] = [:]) -> (status: Int32, output: String) {
        capture(command, environment: environment)
    }

    private static func capture(_ command: [String], environment: [String: String] = [:]) -> (status: Int32, output: String) {
        do { return try Spawn.output(of: command, environment: environment, withErrors: true) } catch { return (127, "\(error)") }
    }
}
