import Foundation
import Spool

/// When a failed try is tried again, and when to give up: exponential backoff with jitter, bounded.
struct RetryPolicy: Sendable {
    let maxAttempts: Int
    let base: TimeInterval
    let maximum: TimeInterval

    /// Outcomes that say nothing about the order itself (not linked, over the daily cap) do not count.
    static let countedOutcome = "error"

    /// Tries that failed since the order arrived or was last requeued.
    static func failures(_ record: OrderRecord) -> Int {
        let sinceRequeue = record.attempts.lastIndex { $0.outcome == OrderRecord.Attempt.requeued }
            .map { record.attempts[($0 + 1)...] } ?? record.attempts[...]
        return sinceRequeue.filter { $0.outcome == Self.countedOutcome }.count
    }

    /// The wait after the `failures`-th failure: base × 2^(failures-1), at most `maximum`, ±20 % so a
    /// tenant's failed orders do not all come back in the same second.
    func delay(afterFailures failures: Int) -> TimeInterval {
        let exponential = base * pow(2, Double(max(0, failures - 1)))
        return min(maximum, exponential) * Double.random(in: 0.8...1.2)
    }
}
