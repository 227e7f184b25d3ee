import Foundation
import Spool

/// `wasp hold | release | requeue | delete`, as Postfix's postsuper: each moves named orders, or ALL of a tenant's
/// orders that it applies to, and says what it did with each.
public struct OrderActions {
    public enum Action: String, Sendable {
        case hold, release, requeue, delete

        /// The states an order must be in for the action to apply.
        var sources: [SpoolDirectory] {
            switch self {
            case .hold: return [.incoming, .ready, .deferred]
            case .release: return [.hold]
            case .requeue: return [.failed, .deferred]
            case .delete: return SpoolDirectory.orderStates.filter { $0 != .active }
            }
        }

        var pastTense: String {
            switch self {
            case .hold: return "held"
            case .release: return "released, due now"
            case .requeue: return "requeued, due now"
            case .delete: return "deleted"
            }
        }
    }

    /// One order's line of the report; `done` is false when the action did not apply.
    public struct Outcome: Sendable {
        public let done: Bool
        public let line: String
    }

    let spool: Spool
    let tenant: TenantID

    public init(spool: Spool, tenant: TenantID) {
        self.spool = spool
        self.tenant = tenant
    }

    /// Applies `action` to `orders`, or to every order it applies to when `orders` is nil (ALL).
    public func perform(_ action: Action, on orders: [OrderID]?, now: Date = Date()) -> [Outcome] {
        guard let orders else {
            return action.sources.flatMap { state in
                spool.list(tenant, state).compactMap { OrderID(fileName: $0.name) }.map { perform(action, $0, in: state, now: now) }
            }
        }
        return orders.map { order in
            guard let state = spool.state(of: order, tenant: tenant) else {
                return Outcome(done: false, line: "\(tenant)/\(order): no such order")
            }
            guard action.sources.contains(state) else {
                let allowed = action.sources.map { $0.rawValue + "/" }.joined(separator: ", ")
                return Outcome(done: false, line: "\(tenant)/\(order): is in \(state.rawValue)/; \(action.rawValue) takes orders in \(allowed)")
            }
            return perform(action, order, in: state, now: now)
        }
    }

    private func perform(_ action: Action, _ order: OrderID, in state: SpoolDirectory, now: Date) -> Outcome {
        let name = order.fileName
        do {
            switch action {
            case .hold:
                try spool.move(name, tenant: tenant, from: state, to: .hold)
            case .release:
                try spool.setModified(name, tenant: tenant, in: .hold, to: now)
                try spool.move(name, tenant: tenant, from: .hold, to: .incoming)
            case .requeue:
                try requeue(order, from: state, now: now)
            case .delete:
                try markSeen(order, in: state)
                try spool.remove(name, tenant: tenant, from: state)
            }
            return Outcome(done: true, line: "\(tenant)/\(order): \(action.pastTense) (was in \(state.rawValue)/)")
        } catch {
            let reason = (error as? SpoolError)?.isMissing == true ? "moved meanwhile (the sender or scheduler took it); try again" : "\(error)"
            return Outcome(done: false, line: "\(tenant)/\(order): not \(action.pastTense): \(reason)")
        }
    }

    /// The intake's duplicate record of an order is its file, so a deleted order's webhook id is marked in `seen/`
    /// (durably) before the file goes: a late repeat of that webhook from Shopify must not bring the order back.
    private func markSeen(_ order: OrderID, in state: SpoolDirectory) throws(SpoolError) {
        guard let record = try? spool.loadOrder(order, tenant: tenant, in: state),
              let marker = SeenMarker.webhook(record.webhookID) else { return }
        _ = try spool.mark(marker, tenant: tenant, in: .seen)
        try spool.syncDirectory(tenant, .seen)
    }

    /// Parks the order in `hold/` first, which no daemon touches, so rewriting it cannot race the scheduler.
    /// The `requeued` attempt restarts the sender's attempt count and the expiry clock.
    private func requeue(_ order: OrderID, from state: SpoolDirectory, now: Date) throws {
        try spool.move(order.fileName, tenant: tenant, from: state, to: .hold)
        var record: OrderRecord
        do { record = try spool.loadOrder(order, tenant: tenant, in: .hold) } catch {
            try spool.move(order.fileName, tenant: tenant, from: .hold, to: state)
            throw error
        }
        record.failure = nil
        record.attempts.append(OrderRecord.Attempt(at: Timestamp.string(now), outcome: OrderRecord.Attempt.requeued,
                                                   detail: "wasp requeue"))
        try spool.saveOrder(record, tenant: tenant, in: .hold, modified: now)
        try spool.move(order.fileName, tenant: tenant, from: .hold, to: .deferred)
    }
}
