/// The webhook topics wasp subscribes to, by Shopify's topic path.
public enum ShopifyTopic: String, CaseIterable, Sendable {
    case ordersCreate = "orders/create"
    case ordersCancelled = "orders/cancelled"
    case ordersFulfilled = "orders/fulfilled"
    case fulfillmentsCreate = "fulfillments/create"
    case fulfillmentsUpdate = "fulfillments/update"
    case fulfillmentEventsCreate = "fulfillment_events/create"
    case appUninstalled = "app/uninstalled"
    case customersDataRequest = "customers/data_request"
    case customersRedact = "customers/redact"
    case shopRedact = "shop/redact"

    /// True for the one topic that becomes an order file; every other topic is an event for the scheduler.
    public var isOrder: Bool { self == .ordersCreate }

    /// The topic's form in a file name: `orders/cancelled` → `orders-cancelled`.
    public var fileNamePart: String { rawValue.replacingOccurrences(of: "/", with: "-") }
}
