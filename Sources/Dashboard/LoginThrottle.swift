import Foundation
import Synchronization

/// Counts failed logins per client address and per account; past `limit` failures within `window`, further
/// attempts are refused (429) until the oldest failure ages out, whether or not the password would be right.
/// An attempt counts as failed before its password is checked: counted afterwards, attempts arriving together
/// would all be checked before the first failure was counted.
public final class LoginThrottle: Sendable {
    /// An attempt's place in the counts, taken back when its password turns out right (or is never checked).
    public struct Reservation: Sendable {
        fileprivate let keys: [String]
        fileprivate let time: Date
    }

    public enum Admission: Sendable {
        /// Counted as a failure until forgiven.
        case counted(Reservation)
        /// `limit` failures are counted already; the seconds until the oldest ages out.
        case refused(retryAfter: TimeInterval)
    }

    public let limit: Int
    public let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limit: Int = 10, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    public func admit(address: String, account: String, now: Date = Date()) -> Admission {
        let keys = Self.keys(address: address, account: account)
        return failures.withLock { failures in
            for key in keys { failures[key] = failures[key]?.filter { now.timeIntervalSince($0) < window } }
            let waits = keys.compactMap { key -> TimeInterval? in
                guard let recent = failures[key], recent.count >= limit, let oldest = recent.first else { return nil }
                return window - now.timeIntervalSince(oldest)
            }
            if let wait = waits.max() { return .refused(retryAfter: wait) }
            for key in keys { failures[key, default: []].append(now) }
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            return .counted(Reservation(keys: keys, time: now))
        }
    }

    public func forgive(_ reservation: Reservation) {
        failures.withLock { failures in
            for key in reservation.keys {
                guard let index = failures[key]?.firstIndex(of: reservation.time) else { continue }
                failures[key]?.remove(at: index)
            }
        }
    }

    private static func keys(address: String, account: String) -> [String] {
        ["address " + address, "account " + account.lowercased()]
    }
}
