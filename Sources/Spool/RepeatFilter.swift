import Foundation
import Synchronization

/// Which repeats of a condition are worth a line: the first, then one per `interval`, which carries the number
/// left out since the last line.
final class RepeatFilter: Sendable {
    private struct Seen {
        var lastLine: Date
        var leftOut: Int
    }

    private let interval: TimeInterval
    private let seen = Mutex<[String: Seen]>([:])

    init(interval: TimeInterval) {
        self.interval = interval
    }

    /// Nil to leave this one out; otherwise how many were left out before it.
    func admit(_ condition: String, now: Date) -> Int? {
        seen.withLock { seen in
            guard var entry = seen[condition], now.timeIntervalSince(entry.lastLine) < interval else {
                let leftOut = seen[condition]?.leftOut ?? 0
                seen[condition] = Seen(lastLine: now, leftOut: 0)
                return leftOut
            }
            entry.leftOut += 1
            seen[condition] = entry
            return nil
        }
    }
}
