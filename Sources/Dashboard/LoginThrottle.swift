import Foundation
import Synchronization

/// Counts failed logins per client address and per account; past `limit` failures within `window`, further
/// attempts are refused (429) until the oldest failure ages out, whether or not the password would be right.
public final class LoginThrottle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limit: Int = 10, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until an attempt is allowed again; nil when it is allowed now.
    public func wait(address: String, account: String, now: Date = Date()) -> TimeInterval? {
        failures.withLock { failures in
            let waits = Self.keys(address: address, account: account).compactMap { key -> TimeInterval? in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return window - now.timeIntervalSince(oldest)
            }
            return waits.max()
        }
    }

    public func recordFailure(address: String, account: String, now: Date = Date()) {
        failures.withLock { failures in
            for key in Self.keys(address: address, account: account) {
                failures[key] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window } + [now]
            }
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
        }
    }

    private static func keys(address: String, account: String) -> [String] {
        ["address " + address, "account " + account.lowercased()]
    }
}
