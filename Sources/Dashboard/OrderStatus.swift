import Spool

/// What a merchant sees of an order's state directory (SPEC: pending = incoming, ready, active, deferred, hold).
public enum OrderStatus: String, CaseIterable, Sendable {
    case pending, confirmed, cancelled, delivered, failed

    public init(_ directory: SpoolDirectory) {
        switch directory {
        case .sent, .confirmed: self = .confirmed
        case .cancelled: self = .cancelled
        case .delivered: self = .delivered
        case .failed: self = .failed
        default: self = .pending
        }
    }
}
