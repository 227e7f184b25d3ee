import Foundation
import Processes

/// The README's backup recipe, run as an operator would: rsync of `spool/` (with `etc/backup.exclude`) and `etc/`.
enum BackupCopy {
    /// Copies `root`'s spool and etc into `copy` and returns how long it took. rsync's 24 (files vanished while
    /// it ran: orders that moved on) is what a copy of a live spool gives, not a failure.
    static func rsync(_ root: String, to copy: String) throws -> TimeInterval {
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        let started = Date()
        let spool = ["-a", "--delete", "--exclude-from=\(root)/etc/backup.exclude", "\(root)/spool/", "\(copy)/spool/"]
        for arguments in [spool, ["-a", "--delete", "\(root)/etc/", "\(copy)/etc/"]] {
            let status = try run("/usr/bin/rsync", arguments).status
            guard status == 0 || status == 24 else { throw BenchError("rsync \(arguments.joined(separator: " ")) exited \(status)") }
        }
        return Date().timeIntervalSince(started)
    }

    /// Runs a program to its end and returns its exit status and what it printed.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try Spawn.output(of: [executable] + arguments, withErrors: false)
    }
}
