import JSON

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

    /// A webhook a merchant can create in the shop admin (Settings → Notifications → Webhooks). The others (the
    /// compliance topics, app/uninstalled, fulfillment events) exist only as an app's subscriptions, set in the
    /// app's configuration (`shopify.app.toml`) by whoever runs the app; a shop-admin webhook cannot have them.
    public var isShopAdminSubscription: Bool {
        [.ordersCreate, .ordersCancelled, .ordersFulfilled, .fulfillmentsCreate, .fulfillmentsUpdate].contains(self)
    }

    /// Shopify's GraphQL name for it (`ORDERS_CREATE`), for `webhookSubscriptionCreate`; nil for the compliance
    /// topics, which only an app's configuration subscribes to.
    public var subscriptionTopic: String? {
        [.customersDataRequest, .customersRedact, .shopRedact].contains(self)
            ? nil : rawValue.uppercased().replacingOccurrences(of: "/", with: "_")
    }

    /// True for the one topic that becomes an order file; every other topic is an event for the scheduler.
    public var isOrder: Bool { self == .ordersCreate }

    /// Where a payload of this topic names its order: `id` for orders/*, `order_id` for fulfilments and their
    /// events (inside a `fulfillment` or `fulfillment_event` wrapper when the delivery has one); `.null` for topics
    /// about a shop or a customer.
    public func orderID(in payload: JSONValue) -> JSONValue {
        switch self {
        case .ordersCreate, .ordersCancelled, .ordersFulfilled: return payload["id"]
        case .fulfillmentsCreate, .fulfillmentsUpdate: return Self.unwrapped(payload, "fulfillment")["order_id"]
        case .fulfillmentEventsCreate: return Self.unwrapped(payload, "fulfillment_event")["order_id"]
        case .appUninstalled, .customersDataRequest, .customersRedact, .shopRedact: return .null
        }
    }

    /// The object under `key` when the payload wraps one there, else the payload itself.
    public static func unwrapped(_ payload: JSONValue, _ key: String) -> JSONValue {
        payload[key].isObject ? payload[key] : payload
    }
}
