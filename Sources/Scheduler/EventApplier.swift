import Foundation
import Spool

/// What applying an event did: done (with a note for the log), or it must wait and be tried again.
enum EventOutcome: Equatable {
    case applied(String)
    case waiting(String)

    /// With an earlier note in front, for an event that did two things.
    func noted(_ earlier: String?) -> EventOutcome {
        guard let earlier, case .applied(let note) = self else { return self }
        return .applied(earlier + "; " + note)
    }
}

/// Applies one tenant's Shopify events to its orders, whatever state each order is in. Orders in `ready/` or
/// `active/` belong to the sender: they are only ever moved by one atomic rename, never rewritten, so an event
/// that must rewrite one waits until the sender is done with it.
struct EventApplier {
    let spool: Spool
    let tenant: TenantID
    let log: Log
    let now: Date
    /// The tenant's `confirm.*` settings, for its customers' answers.
    var confirm = ConfirmSettings()
    /// Where answers are written back to Shopify, if the tenant gave wasp an Admin API token.
    var writeback = WritebackSettings()
    /// The operator's `alert.command`, told once per order of a reply that needs a person.
    var alert: AlertCommand? = nil

    func apply(_ event: ShopifyEvent) -> EventOutcome {
        do {
            switch event.action {
            case .cancel(let id, let cancellation): return try cancel(id, cancellation)
            case .fulfil(let id, let fulfillment): return try fulfil(id, fulfillment)
            case .redactCustomer(let selection): return try CustomerData(spool: spool, tenant: tenant, log: log).redact(selection, now: now)
            case .exportCustomer(let selection, let request):
                return try CustomerData(spool: spool, tenant: tenant, log: log).export(selection, request: request, now: now)
            case .holdPending: return try holdPending()
            case .deleteOrders: return try deleteOrders()
            case .callback(let statuses, let answers):
                let applied = try apply(statuses)
                guard case .applied(let note) = applied, !answers.isEmpty else { return applied }
                return try apply(answers).noted(statuses.isEmpty ? nil : note)
            }
        } catch {
            return .waiting(error.description)
        }
    }

    private func cancel(_ id: OrderID, _ cancellation: OrderRecord.Cancellation) throws(SpoolError) -> EventOutcome {
        guard let state = spool.state(of: id, tenant: tenant) else { return .waiting("order not in the spool yet") }
        switch state {
        case .cancelled:
            // A crash between the move and the rewrite below leaves no cancellation recorded yet.
            try update(id, in: .cancelled) { if $0.cancellation == nil { $0.cancellation = cancellation } }
            return .applied("already cancelled")
        case .active:
            return .waiting("the sender is sending it")
        case .delivered:
            try update(id, in: .delivered) { $0.cancellation = cancellation }
            return .applied("recorded; the order stays delivered")
        default:
            guard try move(id.fileName, from: state, to: .cancelled) else { return .waiting("it moved meanwhile") }
            var recorded = cancellation
            recorded.afterSending = state == .sent || state == .confirmed
            try update(id, in: .cancelled) { $0.cancellation = recorded }
            return .applied("cancelled from \(state.rawValue)" + (state == .sent ? " after the message was sent" : ""))
        }
    }

    private func fulfil(_ id: OrderID, _ fulfillment: OrderRecord.Fulfillment) throws(SpoolError) -> EventOutcome {
        guard let state = spool.state(of: id, tenant: tenant) else { return .waiting("order not in the spool yet") }
        if state == .ready || state == .active { return .waiting("the sender is sending it") }
        var target = state
        if fulfillment.shipmentStatus == "delivered" && [.incoming, .deferred, .hold, .sent, .confirmed].contains(state) {
            guard try move(id.fileName, from: state, to: .delivered) else { return .waiting("it moved meanwhile") }
            target = .delivered
        }
        try update(id, in: target) { $0.fulfillment = fulfillment }
        let shipment = fulfillment.shipmentStatus ?? fulfillment.status ?? "unknown"
        return .applied("recorded shipment=\(shipment) state=\(target.rawValue)")
    }

    private func holdPending() throws(SpoolError) -> EventOutcome {
        var held = 0
        for state in [SpoolDirectory.incoming, .deferred, .ready] {
            for entry in spool.list(tenant, state) where OrderID(fileName: entry.name) != nil {
                if try move(entry.name, from: state, to: .hold) { held += 1 }
            }
        }
        return .applied("app uninstalled; held \(held) pending orders")
    }

    private func deleteOrders() throws(SpoolError) -> EventOutcome {
        var deleted = 0
        for state in SpoolDirectory.orderStates where state != .active {
            for entry in spool.list(tenant, state) where OrderID(fileName: entry.name) != nil {
                try spool.remove(entry.name, tenant: tenant, from: state)
                deleted += 1
            }
        }
        for entry in spool.list(tenant, .exports) {
            try spool.remove(entry.name, tenant: tenant, from: .exports)
        }
        let inFlight = spool.list(tenant, .active).count
        return inFlight > 0 ? .waiting("deleted \(deleted); \(inFlight) in flight") : .applied("deleted \(deleted) orders")
    }

    /// Each status at most once and never backwards, so duplicates and statuses out of order change nothing.
    private func apply(_ statuses: [MessageStatus]) throws(SpoolError) -> EventOutcome {
        var notes: [String] = []
        for status in statuses {
            guard let id = status.order ?? order(sentAs: status.messageID), let state = spool.state(of: id, tenant: tenant) else {
                notes.append("no order for message \(status.messageID)")
                continue
            }
            if state == .ready || state == .active { return .waiting("the sender is sending order \(id)") }
            notes.append("order \(id) " + (try apply(status, to: id, in: state)))
        }
        return .applied(notes.joined(separator: "; "))
    }

    private func apply(_ status: MessageStatus, to id: OrderID, in state: SpoolDirectory) throws(SpoolError) -> String {
        var note = ""
        var undelivered = false
        try update(id, in: state) { record in
            let current = record.messageStatus.map { MessageStatus.ranks[$0] ?? 9 } ?? -1
            if status.status == "failed" {
                guard current < MessageStatus.ranks["delivered"]! else {
                    note = "failed ignored: already \(record.messageStatus!)"
                    return
                }
                record.messageStatus = "failed"
                note = "failed recorded"
                if state == .sent {
                    record.failure = "WhatsApp could not deliver the message" + (status.error.map { " (\($0))" } ?? "")
                    undelivered = true
                }
            } else if let rank = MessageStatus.ranks[status.status], rank > current {
                record.messageStatus = status.status
                note = status.status
            } else {
                note = "\(status.status) ignored: already \(record.messageStatus ?? "nothing")"
            }
        }
        if undelivered, try move(id.fileName, from: .sent, to: .failed) { note = "failed: moved to failed/" }
        return note
    }

    /// The order whose attempt holds `messageID`, for a callback that does not name one: a scan of `sent/`.
    private func order(sentAs messageID: String) -> OrderID? {
        spool.list(tenant, .sent).lazy.compactMap { OrderID(fileName: $0.name) }.first { id in
            (try? spool.loadOrder(id, tenant: tenant, in: .sent))?.attempts.contains { $0.messageID == messageID } == true
        }
    }

    /// False when the file had gone: the sender claimed it, or ops moved it.
    func move(_ name: String, from source: SpoolDirectory, to target: SpoolDirectory) throws(SpoolError) -> Bool {
        do {
            try spool.move(name, tenant: tenant, from: source, to: target)
            return true
        } catch where error.isMissing {
            return false
        }
    }

    func update(_ id: OrderID, in state: SpoolDirectory,
                        _ change: (inout OrderRecord) -> Void) throws(SpoolError) {
        try OrderUpdate(spool: spool, tenant: tenant, log: log).update(id, in: state, now: now, change)
    }
}
