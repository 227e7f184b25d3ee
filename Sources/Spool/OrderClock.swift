import Foundation
import JSON

/// The little of an order file the scheduler needs to release it: that it is this order of this tenant, and when
/// its `max_age` clock started (its receipt, or the last `wasp requeue`). Read with our own JSON parser, at a
/// fraction of the cost of decoding the whole record, as 100,000 due orders are read at a start. A file whose
/// other fields are wrong is set aside by the sender, which decodes it whole.
public struct OrderClock: Sendable {
    public let ageStart: Date?
    /// The rules' reason when the order is to get no message at all (`skip`), else nil.
    public var skipReason: String? = nil
    /// The customer's number in E.164 digits, for the do-not-message list.
    public var phoneDigits: String? = nil

    /// Parses an order file; nil and what is wrong with it, as `loadOrder` would say.
    static func parse(_ data: Data, id: OrderID, tenant: TenantID) -> (clock: OrderClock?, problem: String) {
        guard let file = JSONValue.parse(data), file.isObject else { return (nil, "not JSON") }
        guard case .string(let orderID) = file["order_id"], case .string(let owner) = file["tenant"],
              case .string(let received) = file["received_at"] else {
            return (nil, "no order_id, tenant or received_at")
        }
        guard orderID == id.rawValue, owner == tenant.rawValue else {
            return (nil, "it holds order \(orderID) of tenant \(owner)")
        }
        guard case .array(let attempts) = file["attempts"] else { return (nil, "attempts has the wrong type") }
        let requeued = attempts.last { $0["outcome"] == .string(OrderRecord.Attempt.requeued) }?["at"].text
        var clock = OrderClock(ageStart: requeued.flatMap(Timestamp.date) ?? Timestamp.date(received))
        if file["skip"] == .bool(true) { clock.skipReason = file["not_asked"].string ?? "confirm.others = skip" }
        clock.phoneDigits = file["phone"]["e164"].string.flatMap(OptOutList.digits)
        return (clock, "")
    }
}

extension Spool {
    /// The order's `OrderClock`, with the errors of `loadOrder`.
    public func loadOrderClock(_ id: OrderID, tenant: TenantID, in directory: SpoolDirectory) throws(OrderFileError) -> OrderClock {
        let data: Data
        do { data = try read(id.fileName, tenant: tenant, in: directory) } catch { throw .spool(error) }
        let (clock, problem) = OrderClock.parse(data, id: id, tenant: tenant)
        guard let clock else { throw .malformed(path: path(tenant, directory, id.fileName), problem: problem) }
        return clock
    }
}
