import Shopify
import Spool

/// Where a webhook is posted: `/webhooks/<tenant>/<topic>`, `/webhooks/<tenant>` (topic from the header), or the
/// old system's `/api/v1/webhooks/<tenant>/orders/create`. The path is matched as sent, never percent-decoded,
/// so `%2e%2e` is just an invalid tenant id.
struct WebhookRoute: Equatable {
    let tenant: TenantID
    /// Nil when the topic comes from `X-Shopify-Topic`.
    let topic: ShopifyTopic?

    init?(path: Substring) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.starts(with: ["api", "v1"]) { segments = segments.dropFirst(2) }
        guard segments.popFirst() == "webhooks", let tenantSegment = segments.popFirst(),
              let tenant = TenantID(tenantSegment)
        else { return nil }
        self.tenant = tenant
        if segments.isEmpty {
            topic = nil
        } else if let topic = ShopifyTopic(rawValue: segments.joined(separator: "/")) {
            self.topic = topic
        } else {
            return nil
        }
    }
}
