import Foundation
import Spool

/// Shopify's privacy webhooks for one customer: customers/redact scrubs their personal data from every order
/// (ids, totals and states stay for the merchant's figures); customers/data_request exports all we hold on them.
struct CustomerData {
    let spool: Spool
    let tenant: TenantID
    let log: Log

    func redact(_ selection: CustomerSelection, now: Date) throws(SpoolError) -> EventOutcome {
        var scrubbed = 0
        var inFlight = 0
        var numbers: Set<String> = []
        for (state, id) in orders(of: selection) {
            if state == .ready || state == .active {
                inFlight += 1
                continue
            }
            try OrderUpdate(spool: spool, tenant: tenant, log: log).update(id, in: state, now: now) { record in
                if let digits = record.phone.e164.flatMap(OptOutList.digits) { numbers.insert(digits) }
                Self.scrub(&record, now: now)
            }
            scrubbed += 1
        }
        // The do-not-message list names the customer by number too; the merchant asked to forget them.
        for digits in numbers { try OptOutList(spool: spool, tenant: tenant).remove(digits) }
        for entry in spool.list(tenant, .exports) where entry.name.hasPrefix(Self.exportPrefix(selection)) {
            try spool.remove(entry.name, tenant: tenant, from: .exports)
        }
        try spool.requestForgettingPages(tenant)
        let note = "redacted customer \(selection.label) from \(scrubbed) orders"
        return inFlight > 0 ? .waiting(note + "; \(inFlight) in flight") : .applied(note)
    }

    func export(_ selection: CustomerSelection, request: String?, now: Date) throws(SpoolError) -> EventOutcome {
        let found = orders(of: selection).compactMap { state, id in
            (try? spool.loadOrder(id, tenant: tenant, in: state)).map { CustomerExport.Order(state: state.rawValue, order: $0) }
        }
        let export = CustomerExport(tenant: tenant.rawValue, customerID: selection.customerID, requestID: request,
                                    generatedAt: Timestamp.string(now), orders: found)
        let name = Self.exportPrefix(selection) + "request-\(request ?? Timestamp.string(now)).json"
        try spool.replace(name, tenant: tenant, in: .exports, with: export.encoded(), modified: now)
        return .applied("exported \(found.count) orders to exports/\(name)")
    }

    /// The orders the selection names, by listed id or, when it names a customer, by reading every order.
    private func orders(of selection: CustomerSelection) -> [(SpoolDirectory, OrderID)] {
        guard selection.namesCustomer else {
            return selection.orders.compactMap(OrderID.init).compactMap { id in
                spool.state(of: id, tenant: tenant).map { ($0, id) }
            }
        }
        return SpoolDirectory.orderStates.flatMap { state in
            spool.list(tenant, state).compactMap { entry -> (SpoolDirectory, OrderID)? in
                guard let id = OrderID(fileName: entry.name),
                      let record = try? spool.loadOrder(id, tenant: tenant, in: state),
                      selection.includes(record) else { return nil }
                return (state, id)
            }
        }
    }

    /// Removes every copy of the customer's words, name, number and address-linked details: an attempt's detail or
    /// a failure may quote the deep link (number and message) or the number as written, an answer is what they
    /// typed. What the merchant's figures need stays: outcomes, times, states, totals.
    static func scrub(_ record: inout OrderRecord, now: Date) {
        record.customer = OrderRecord.Customer(name: nil, id: nil, email: nil)
        record.phone = OrderRecord.PhoneChoice(asWritten: nil, e164: nil, source: nil, problem: "redacted at the customer's request")
        record.message = ""
        record.deliverySlot = nil
        for index in record.attempts.indices { record.attempts[index].detail = nil }
        record.failure = record.failure.map { String($0.prefix { $0 != ":" }) }
        record.answers = record.answers?.map { answer in
            var kept = answer
            kept.text = nil
            return kept
        }
        record.fulfillment?.trackingNumber = nil
        record.redactedAt = Timestamp.string(now)
    }

    private static func exportPrefix(_ selection: CustomerSelection) -> String {
        "customer-\(selection.label)-"
    }
}

/// The file written to `exports/` for customers/data_request.
struct CustomerExport: Encodable {
    struct Order: Encodable {
        let state: String
        let order: OrderRecord
    }

    let tenant: String
    let customerID: String?
    let requestID: String?
    let generatedAt: String
    let orders: [Order]

    enum CodingKeys: String, CodingKey {
        case tenant, customerID = "customer_id", requestID = "request_id", generatedAt = "generated_at", orders
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch { preconditionFailure("an export always encodes: \(error)") }
    }
}
