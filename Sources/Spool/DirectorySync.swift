import Foundation
import Synchronization

/// Group commit for directory fsyncs: a caller whose link is done waits for one fsync of the directory that
/// started after its link, and one fsync serves every caller that linked before it began. Under concurrent
/// load this turns N directory fsyncs into a few, without ever answering before the caller's entry is durable.
final class DirectorySync: @unchecked Sendable {
    private let path: String
    /// Guards every field below.
    private let condition = NSCondition()
    /// Callers that asked so far; each caller's ticket is the count when it asked.
    private var requested = 0
    /// Every ticket up to this one is durable.
    private var completed = 0
    private var isSyncing = false
    private var failure: (ticket: Int, error: SpoolError)?

    init(path: String) {
        self.path = path
    }

    /// Returns once a directory fsync that began after this call has finished.
    func sync() throws(SpoolError) {
        condition.lock()
        defer { condition.unlock() }
        requested += 1
        let ticket = requested
        while true {
            if let failure, failure.ticket >= ticket { throw failure.error }
            if completed >= ticket { return }
            if isSyncing {
                condition.wait()
                continue
            }
            isSyncing = true
            let target = requested
            condition.unlock()
            let result = Result { () throws(SpoolError) in try FileSystem.syncDirectory(path) }
            condition.lock()
            isSyncing = false
            switch result {
            case .success: completed = max(completed, target)
            case .failure(let error): failure = (target, error)
            }
            condition.broadcast()
        }
    }
}

/// One `DirectorySync` per directory path, made on first use and shared by every copy of a `Spool`.
final class DirectorySyncs: Sendable {
    private let syncs = Mutex<[String: DirectorySync]>([:])

    func sync(_ path: String) throws(SpoolError) {
        let sync = syncs.withLock { syncs in
            if let existing = syncs[path] { return existing }
            let made = DirectorySync(path: path)
            syncs[path] = made
            return made
        }
        try sync.sync()
    }
}
