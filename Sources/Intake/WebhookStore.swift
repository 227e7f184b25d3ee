import Foundation
import HTTP
import JSON
import Shopify
import Spool

/// Stores a verified delivery: an order into `incoming/` (mtime = due time), anything else into `events/`.
/// A repeated webhook or event id, or an order already spooled in any state, is a duplicate: 200, stored once.
/// An order's own file, in whichever state it is, is its duplicate record, so an order costs one inode; an event
/// file is consumed by the scheduler, so its ids get markers in `seen/`, written after the file: a crash between
/// the two can only make a retry look new.
struct WebhookStore {
    let spool: Spool
    let log: Log

    func store(_ delivery: Delivery) throws -> HTTPResponse {
        let tenant = delivery.tenant.tenant
        if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
        let markers = markers(delivery)
        if let marker = markers.first(where: { spool.exists($0, tenant: tenant, in: .seen) }) {
            log.event("duplicate", tenant: tenant, ["webhook": delivery.headers.webhookID ?? "-", "marker": marker])
            return Self.duplicate
        }
        if delivery.topic.isOrder {
            guard try storeOrder(delivery) else { return Self.duplicate }
        } else {
            try storeEvent(delivery)
            for marker in markers { _ = try? spool.mark(marker, tenant: tenant, in: .seen) }
        }
        return .text(200, "accepted\n")
    }

    private static let duplicate = HTTPResponse.text(200, "duplicate, already accepted\n")

    /// False when the order was spooled before: a duplicate, answered once its original is durable.
    private func storeOrder(_ delivery: Delivery) throws -> Bool {
        let tenant = delivery.tenant.tenant
        let payload = try OrderPayload(delivery.body)
        if let state = spool.state(of: payload.id, tenant: tenant) {
            try answerDuplicate(payload.id, tenant: tenant, in: state)
            return false
        }
        let record = payload.record(tenant: delivery.tenant, received: delivery.received,
                                    webhookID: delivery.headers.webhookID, shopDomain: delivery.headers.shopDomain)
        let due = delivery.received.addingTimeInterval(delivery.tenant.delay)
        do {
            try spool.deposit(try record.encoded(), tenant: tenant, into: .incoming, name: payload.id.fileName,
                              modified: due)
        } catch SpoolError.exists {
            try answerDuplicate(payload.id, tenant: tenant, in: .incoming)
            return false
        }
        log.event("accepted", tenant: tenant, order: payload.id.rawValue, [
            "webhook": delivery.headers.webhookID ?? "-", "due": record.dueAt,
            "phone": record.phone.e164.map(Log.masked(phone:)) ?? "none",
        ])
        return true
    }

    /// A duplicate is answered 200 only once what it duplicates is durable: the first delivery may still be
    /// waiting for its fsync, and Shopify stops retrying at the first 200. An fsync of the directory where the
    /// order was seen does it (or, had it moved on meanwhile, its mover's backup in `tmp/` holds it).
    private func answerDuplicate(_ id: OrderID, tenant: TenantID, in state: SpoolDirectory) throws {
        try spool.syncDirectory(tenant, state)
        log.event("duplicate", tenant: tenant, order: id.rawValue, ["state": state.rawValue])
    }

    private func storeEvent(_ delivery: Delivery) throws {
        guard let payload = JSONValue.parse(delivery.body), payload.isObject else { throw WebhookError.notJSONObject }
        let tenant = delivery.tenant.tenant
        let name = EventName.make(received: delivery.received, topic: delivery.topic.rawValue)
        try spool.deposit(envelope(delivery), tenant: tenant, into: .events, name: name, modified: delivery.received)
        let order = delivery.topic.orderID(in: payload).text
        log.event("accepted", tenant: tenant, order: order, [
            "topic": delivery.topic.rawValue, "webhook": delivery.headers.webhookID ?? "-", "event": name,
        ])
    }

    /// The event file: delivery facts around the raw payload, copied byte for byte so no number loses precision.
    private func envelope(_ delivery: Delivery) throws -> Data {
        let facts: [String: String?] = [
            "topic": delivery.topic.rawValue, "tenant": delivery.tenant.tenant.rawValue,
            "received_at": Timestamp.string(delivery.received), "webhook_id": delivery.headers.webhookID,
            "event_id": delivery.headers.eventID, "shop_domain": delivery.headers.shopDomain,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(facts.compactMapValues { $0 })
        data.removeLast()
        data.append(contentsOf: Array(",\"payload\":".utf8))
        data.append(delivery.body)
        data.append(contentsOf: Array("}\n".utf8))
        return data
    }

    /// Marker names for the delivery's webhook and event ids.
    private func markers(_ delivery: Delivery) -> [String] {
        [SeenMarker.webhook(delivery.headers.webhookID), SeenMarker.event(delivery.headers.eventID)].compactMap { $0 }
    }
}
