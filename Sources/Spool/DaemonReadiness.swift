import Foundation
import Glibc
import Processes
import Synchronization

/// Keeps this process's `DaemonRecord`: written when the daemon starts, and once more the first time it is of use,
/// with the time since exec, which is also logged once (`serving after=0.041s`). Later calls cost an atomic load,
/// so a daemon may say `serving` wherever its work is done.
public final class DaemonReadiness: Sendable {
    private let path: String
    private let record: DaemonRecord
    private let log: Log
    private let isServing = Atomic<Bool>(false)

    public init(daemon: String, spoolRoot: String, log: Log) {
        path = DaemonRecord.path(spoolRoot: spoolRoot, daemon: daemon)
        record = DaemonRecord(daemon: daemon, pid: getpid(), started: ProcessTree.startTime(of: getpid()) ?? Date())
        self.log = log
        write(record)
    }

    public func serving(_ milestone: String) {
        guard !isServing.load(ordering: .relaxed), !isServing.exchange(true, ordering: .relaxed) else { return }
        var ready = record
        ready.milestone = milestone
        ready.servingAfter = max(0, Date().timeIntervalSince(record.started))
        write(ready)
        log.event("serving", ["after": String(format: "%.3fs", ready.servingAfter!), "since": "exec", "first": milestone])
    }

    /// Written to a temporary name beside it and renamed over the old record; a failure is logged, never fatal.
    private func write(_ record: DaemonRecord) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = try TemporaryFile(namedIn: directory, name: record.daemon)
            defer { temporary.discard() }
            try FileSystem.writeAll(temporary.descriptor, Data(record.text.utf8), path: temporary.path)
            try FileSystem.sync(temporary.descriptor, path: temporary.path)
            try temporary.rename(to: path)
        } catch {
            log.event("cannot write the daemon's record", ["file": path, "error": "\(error)"])
        }
    }
}
