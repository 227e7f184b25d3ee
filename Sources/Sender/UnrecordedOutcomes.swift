import Foundation
import Spool

/// Outcomes the sender could not write (a full or read-only disk): kept in memory and written as soon as the disk
/// takes them, instead of waiting in `active/` for a restart to find them in the chat. While any waits, no new
/// order is claimed (`TenantQueues.holdSends`), so at most one message per worker goes unrecorded.
final class UnrecordedOutcomes: @unchecked Sendable {
    struct Outcome {
        let record: OrderRecord
        let tenant: TenantID
        let state: SpoolDirectory
        let due: Date
    }

    /// How often the waiting outcomes are written again.
    static let retryInterval: TimeInterval = 2
    private let lock = NSLock()
    private var waiting: [Outcome] = []

    func add(_ outcome: Outcome) {
        lock.withLock { waiting.append(outcome) }
    }

    var isEmpty: Bool { lock.withLock { waiting.isEmpty } }

    /// Tries each waiting outcome with `record`, keeping those it still cannot write.
    func retry(_ record: (Outcome) -> Bool) {
        let left = takeAll().filter { !record($0) }
        lock.withLock { waiting.insert(contentsOf: left, at: 0) }
    }

    /// Every waiting outcome, given up: none waits any more.
    func takeAll() -> [Outcome] {
        lock.withLock {
            defer { waiting.removeAll() }
            return waiting
        }
    }
}
