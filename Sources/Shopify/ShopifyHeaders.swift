import HTTP

/// Shopify's delivery headers. Names are case-insensitive, and newer deliveries drop the `X-` prefix
/// (`shopify-hmac-sha256`), so each is looked up in both forms.
public struct ShopifyHeaders: Sendable {
    public let hmac: String?
    public let topic: String?
    public let shopDomain: String?
    public let webhookID: String?
    public let eventID: String?

    public init(_ headers: HTTPHeaders) {
        func value(_ name: String) -> String? { headers["X-Shopify-" + name] ?? headers["Shopify-" + name] }
        hmac = value("Hmac-Sha256")
        topic = value("Topic")
        shopDomain = value("Shop-Domain")
        webhookID = value("Webhook-Id")
        eventID = value("Event-Id")
    }
}
