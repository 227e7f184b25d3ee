import Dispatch
import Foundation

/// How many password checks run at once, server-wide. A scrypt check holds its hash's whole table (16 MiB at the
/// default cost) until it ends, so logins arriving together from many addresses, which the per-address throttle
/// does not stop, would otherwise take memory without bound.
final class PasswordChecks: Sendable {
    private let slots: DispatchSemaphore
    private let patience: TimeInterval

    init(atOnce: Int, patience: TimeInterval) {
        slots = DispatchSemaphore(value: atOnce)
        self.patience = patience
    }

    /// `check`'s result once a slot is free; nil when none became free within `patience` seconds.
    func run<Outcome>(_ check: () -> Outcome) -> Outcome? {
        guard slots.wait(timeout: .now() + patience) == .success else { return nil }
        defer { slots.signal() }
        return check()
    }
}
