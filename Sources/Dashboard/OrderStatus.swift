import Spool

/// The API's `status` of an order's state directory (SPEC: pending = incoming, ready, active, deferred, hold), kept
/// for the old system's scripts; `skipped` is an order never messaged. The dashboard shows `OrderProgress`.
public enum OrderStatus: String, CaseIterable, Sendable {
    case pending, confirmed, cancelled, delivered, failed, skipped

    public init(_ directory: SpoolDirectory) {
        switch directory {
        case .sent, .confirmed: self = .confirmed
        case .cancelled: self = .cancelled
        case .delivered: self = .delivered
        case .failed: self = .failed
        case .skipped: self = .skipped
        default: self = .pending
        }
    }
}
