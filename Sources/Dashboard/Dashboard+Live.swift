import Foundation
import JSON
import Spool

extension Dashboard {
    /// Tells the tenant's open pages that an order appeared, moved, or (entry nil) went away; the event carries
    /// the row as the Orders tab would render it.
    func announce(_ id: OrderID, tenant: TenantID, entry: OrderIndex.Entry?) {
        guard feed.isFollowed(tenant) else { return }
        var fields: [String: JSONValue] = ["id": .string(id.rawValue)]
        if let entry, case .found(let config) = tenants.lookup(tenant) {
            let view = OrderView.load(id, tenant: tenant, in: entry.state, spool: spool)
            fields["status"] = .string(view.status.rawValue)
            fields["answer"] = .string(entry.answer?.rawValue ?? "")
            fields["progress"] = .string(OrderProgress(entry.state, answer: entry.answer).slug)
            fields["needs_you"] = .bool(entry.needsYou)
            fields["row"] = .string(view.row(TimeDisplay(timeZone: config.timeZone)))
        }
        feed.publish(LiveEvent(name: "order", data: JSONValue.object(fields).serialized), to: tenant)
    }

    /// The sender changed the link state or the QR code.
    func announceWhatsApp(_ tenant: TenantID) {
        let data: JSONValue = ["state": .string(spool.linkState(tenant).rawValue)]
        feed.publish(LiveEvent(name: "whatsapp", data: data.serialized), to: tenant)
    }
}
