import Foundation
import HTTP
import JSON
import Shopify
import Spool

/// Stores a verified delivery: an order into `incoming/` (mtime = due time), anything else into `events/`.
/// A repeated webhook or event id, or an order already spooled in any state, is a duplicate: 200, stored once.
/// An order's own file, in whichever state it is, is its duplicate record, so an order costs one inode; an event
/// file is consumed by the scheduler, so its ids get markers in `seen/`, written after the file: a crash between
/// the two can only make a retry look new. Reconciliation stores what it pulls from Shopify
/// through the same door, so an order found both ways is one order.
struct WebhookStore {
    enum Stored: Equatable {
        case accepted, duplicate

        var response: HTTPResponse { .text(200, self == .accepted ? "accepted\n" : "duplicate, already accepted\n") }
    }

    let spool: Spool
    let log: Log

    func store(_ delivery: Delivery) throws -> Stored {
        let tenant = delivery.tenant.tenant
        if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
        let markers = markers(delivery)
        if let marker = markers.first(where: { spool.exists($0, tenant: tenant, in: .seen) }) {
            log.event("duplicate", tenant: tenant, ["webhook": delivery.headers.webhookID ?? "-", "marker": marker])
            return .duplicate
        }
        if delivery.topic.isOrder { return try storeOrder(delivery) }
        try storeEvent(delivery)
        for marker in markers { _ = try? spool.mark(marker, tenant: tenant, in: .seen) }
        return .accepted
    }

    /// One order's stores, one at a time: its webhook and reconciliation may find it at the same instant, and
    /// without this the second could look before the first links the file and link it after the scheduler moved
    /// it on (with `delay = 0`), leaving two. Striped by id, so different orders never wait for each other.
    private static let orderLocks = (0..<64).map { _ in NSLock() }

    /// `.duplicate` when the order was spooled before, answered once its original is durable.
    private func storeOrder(_ delivery: Delivery) throws -> Stored {
        let payload = try OrderPayload(delivery.body)
        let lock = Self.orderLocks[Int(UInt(bitPattern: payload.id.rawValue.hashValue) % UInt(Self.orderLocks.count))]
        return try lock.withLock { try storeNew(payload, delivery) }
    }

    private func storeNew(_ payload: OrderPayload, _ delivery: Delivery) throws -> Stored {
        let tenant = delivery.tenant.tenant
        if let state = spool.state(of: payload.id, tenant: tenant) {
            return try answerDuplicate(payload.id, tenant: tenant, in: state)
        }
        var record = payload.record(tenant: delivery.tenant, received: delivery.received,
                                    webhookID: delivery.headers.webhookID, shopDomain: delivery.headers.shopDomain)
        record.source = delivery.source
        let due = delivery.received.addingTimeInterval(delivery.tenant.delay)
        do {
            try spool.deposit(try record.encoded(), tenant: tenant, into: .incoming, name: payload.id.fileName,
                              modified: due)
        } catch SpoolError.exists {
            return try answerDuplicate(payload.id, tenant: tenant, in: .incoming)
        }
        log.event("accepted", tenant: tenant, order: payload.id.rawValue, [
            "webhook": delivery.headers.webhookID ?? "-", "source": delivery.source ?? "webhook", "due": record.dueAt,
            "phone": record.phone.e164.map(Log.masked(phone:)) ?? "none",
        ])
        return .accepted
    }

    /// A duplicate is answered 200 only once what it duplicates is durable: the first delivery may still be
    /// waiting for its fsync, and Shopify stops retrying at the first 200. An fsync of the directory where the
    /// order was seen does it (or, had it moved on meanwhile, its mover's backup in `tmp/` holds it).
    private func answerDuplicate(_ id: OrderID, tenant: TenantID, in state: SpoolDirectory) throws -> Stored {
        try spool.syncDirectory(tenant, state)
        log.event("duplicate", tenant: tenant, order: id.rawValue, ["state": state.rawValue])
        return .duplicate
    }

    private func storeEvent(_ delivery: Delivery) throws {
        guard let payload = JSONValue.parse(delivery.body), payload.isObject else { throw WebhookError.notJSONObject }
        let tenant = delivery.tenant.tenant
        let name = EventName.make(received: delivery.received, topic: delivery.topic.rawValue)
        try spool.deposit(envelope(delivery), tenant: tenant, into: .events, name: name, modified: delivery.received)
        let order = delivery.topic.orderID(in: payload).text
        log.event("accepted", tenant: tenant, order: order, [
            "topic": delivery.topic.rawValue, "webhook": delivery.headers.webhookID ?? "-", "source": delivery.source ?? "webhook",
            "event": name,
        ])
    }

    /// The event file: delivery facts around the raw payload, copied byte for byte so no number loses precision.
    private func envelope(_ delivery: Delivery) throws -> Data {
        let facts: [String: String?] = [
            "topic": delivery.topic.rawValue, "tenant": delivery.tenant.tenant.rawValue,
            "received_at": Timestamp.string(delivery.received), "webhook_id": delivery.headers.webhookID,
            "event_id": delivery.headers.eventID, "shop_domain": delivery.headers.shopDomain, "source": delivery.source,
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
