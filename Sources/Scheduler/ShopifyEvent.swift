import Foundation
import JSON
import Shopify
import Spool

/// A verified Shopify webhook waiting in `events/`, read from the intake's envelope.
struct ShopifyEvent: Sendable {
    enum Action: Sendable {
        case cancel(OrderID, OrderRecord.Cancellation)
        /// orders/fulfilled, fulfillments/create|update, fulfillment_events/create.
        case fulfil(OrderID, OrderRecord.Fulfillment)
        case redactCustomer(CustomerSelection)
        case exportCustomer(CustomerSelection, requestID: String?)
        case holdPending
        case deleteOrders
        /// Meta's callbacks about Cloud API messages: statuses of ours, and customers' replies; or the sender's
        /// reading of a WhatsApp Web chat (answers only).
        case callback(statuses: [MessageStatus], answers: [CustomerAnswer])
    }

    let topic: String
    let receivedAt: Date
    let action: Action

    /// The order whose later events must wait behind this one, for events about a single order.
    var order: OrderID? {
        switch action {
        case .cancel(let id, _), .fulfil(let id, _): return id
        default: return nil
        }
    }

    /// Parses an event file; the error says what is wrong with it.
    static func parse(_ data: Data) -> Result<ShopifyEvent, EventFileError> {
        guard let envelope = JSONValue.parse(data), envelope.isObject else { return .failure("not a JSON object") }
        let isCallback = [CloudSettings.callbackTopic, EventName.webAnswerTopic].contains(envelope["topic"].text)
        let topic = envelope["topic"].text.flatMap(ShopifyTopic.init(rawValue:))
        guard isCallback || topic.map({ !$0.isOrder }) == true else { return .failure("no event topic") }
        guard let received = envelope["received_at"].text.flatMap(Timestamp.date) else {
            return .failure("no received_at time")
        }
        let payload = envelope["payload"]
        guard payload.isObject else { return .failure("the payload is not a JSON object") }
        guard let topic else {
            guard let tenant = envelope["tenant"].text.flatMap(TenantID.init) else { return .failure("no tenant") }
            if envelope["topic"].text == EventName.webAnswerTopic {
                guard let answer = CustomerAnswer.web(payload, received: received) else { return .failure("no from or text") }
                return .success(ShopifyEvent(topic: EventName.webAnswerTopic, receivedAt: received,
                                             action: .callback(statuses: [], answers: [answer])))
            }
            return .success(ShopifyEvent(topic: CloudSettings.callbackTopic, receivedAt: received, action: .callback(
                statuses: MessageStatus.all(in: payload, tenant: tenant),
                answers: CustomerAnswer.all(inCallback: payload, received: received))))
        }
        return action(topic, payload, received: Timestamp.string(received)).map {
            ShopifyEvent(topic: topic.rawValue, receivedAt: received, action: $0)
        }
    }

    private static func action(_ topic: ShopifyTopic, _ payload: JSONValue,
                               received: String) -> Result<Action, EventFileError> {
        switch topic {
        case .ordersCancelled:
            guard let id = OrderID(json: topic.orderID(in: payload)) else { return .failure("no order id") }
            let cancellation = OrderRecord.Cancellation(at: payload["cancelled_at"].text,
                                                        reason: payload["cancel_reason"].text, afterSending: false)
            return .success(.cancel(id, cancellation))
        case .ordersFulfilled:
            guard let id = OrderID(json: topic.orderID(in: payload)) else { return .failure("no order id") }
            let latest = payload["fulfillments"].array.last ?? .null
            return .success(.fulfil(id, fulfillment(latest, status: payload["fulfillment_status"].text,
                                                    topic: topic, received: received)))
        case .fulfillmentsCreate, .fulfillmentsUpdate:
            let fulfilment = ShopifyTopic.unwrapped(payload, "fulfillment")
            guard let id = OrderID(json: topic.orderID(in: payload)) else { return .failure("no order_id") }
            return .success(.fulfil(id, fulfillment(fulfilment, status: fulfilment["status"].text,
                                                    topic: topic, received: received)))
        case .fulfillmentEventsCreate:
            let event = ShopifyTopic.unwrapped(payload, "fulfillment_event")
            guard let id = OrderID(json: topic.orderID(in: payload)) else { return .failure("no order_id") }
            return .success(.fulfil(id, OrderRecord.Fulfillment(
                status: nil, shipmentStatus: event["status"].text, trackingCompany: nil, trackingNumber: nil,
                topic: topic.rawValue, receivedAt: received)))
        case .customersRedact:
            return .success(.redactCustomer(CustomerSelection(payload, ordersKey: "orders_to_redact")))
        case .customersDataRequest:
            return .success(.exportCustomer(CustomerSelection(payload, ordersKey: "orders_requested"),
                                            requestID: payload["data_request"]["id"].text))
        case .appUninstalled:
            return .success(.holdPending)
        case .shopRedact:
            return .success(.deleteOrders)
        case .ordersCreate:
            return .failure("orders/create is an order, not an event")
        }
    }

    private static func fulfillment(_ value: JSONValue, status: String?, topic: ShopifyTopic,
                                    received: String) -> OrderRecord.Fulfillment {
        OrderRecord.Fulfillment(status: status, shipmentStatus: value["shipment_status"].text,
                                trackingCompany: value["tracking_company"].text,
                                trackingNumber: value["tracking_number"].text, topic: topic.rawValue,
                                receivedAt: received)
    }
}

/// Whose data a customers/redact or customers/data_request is about: the customer's id, email and phone, and
/// orders by id. A guest checkout's order carries no customer id, so the email and phone find it too.
struct CustomerSelection: Sendable {
    let customerID: String?
    let orders: Set<String>
    let email: String?
    /// The phone's digits, when there are enough to name one number.
    let phoneDigits: String?

    init(_ payload: JSONValue, ordersKey: String) {
        customerID = payload["customer"]["id"].text
        orders = Set(payload[ordersKey].array.compactMap { OrderID(json: $0)?.rawValue })
        email = payload["customer"]["email"].string.map { $0.lowercased() }.flatMap { $0.contains("@") ? $0 : nil }
        phoneDigits = payload["customer"]["phone"].string.map { Self.digits($0) }.flatMap { $0.count >= 7 ? $0 : nil }
    }

    /// Whether the selection names the customer of `record`, or names no one but the order.
    var namesCustomer: Bool { customerID != nil || email != nil || phoneDigits != nil }

    func includes(_ record: OrderRecord) -> Bool {
        let phones = [record.phone.e164, record.phone.asWritten].compactMap { $0.map(Self.digits) }
        return orders.contains(record.orderID) || (customerID != nil && record.customer.id == customerID)
            || (email != nil && record.customer.email?.lowercased() == email)
            || (phoneDigits != nil && phones.contains(phoneDigits!))
    }

    private static func digits(_ phone: String) -> String { phone.filter(\.isASCII).filter(\.isNumber) }

    /// A name for files about this customer: their id, else the first order's.
    var label: String { customerID ?? orders.sorted().first ?? "unknown" }
}

/// What is wrong with an event file, for the log line that sets it aside.
struct EventFileError: Error, ExpressibleByStringLiteral, CustomStringConvertible {
    let description: String

    init(stringLiteral value: String) {
        description = value
    }
}
