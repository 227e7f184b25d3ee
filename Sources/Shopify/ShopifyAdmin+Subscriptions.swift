import Foundation
import JSON
import Spool

/// What keeping a tenant's subscriptions in place did.
public enum SubscriptionUpkeep: Equatable, Sendable {
    /// Every topic is subscribed; `created` names those that were missing (none after the first time, unless
    /// Shopify deleted one after its failed deliveries).
    case kept(created: [String])
    case failed(AdminAnswer)
}

/// A Dev Dashboard app's webhook subscriptions, which wasp keeps in place itself: Shopify deletes a subscription
/// after 8 failed deliveries over about 4 hours, so they are listed and the missing ones created again.
extension ShopifyAdmin {
    static let subscriptionsDocument = "query waspSubscriptions { webhookSubscriptions(first: 100) { nodes { topic uri } } }"
    static let subscribeDocument = """
        mutation waspSubscribe($topic: WebhookSubscriptionTopic!, $uri: String!) { \
        webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri, format: JSON}) \
        { webhookSubscription { id } userErrors { field message } } }
        """

    /// Each topic wasp takes that an app may subscribe to, at `<publicURL>/webhooks/<tenant>/<topic>`.
    public func keepSubscriptions(tenant: TenantID, publicURL: String) -> SubscriptionUpkeep {
        let present: Set<String>
        switch subscriptions() {
        case .failure(let answer): return .failed(answer)
        case .success(let existing): present = Set(existing.map { $0.topic + " " + $0.uri })
        }
        var created: [String] = []
        for topic in ShopifyTopic.allCases {
            guard let name = topic.subscriptionTopic else { continue }
            let uri = "\(publicURL)/webhooks/\(tenant)/\(topic.rawValue)"
            guard !present.contains(name + " " + uri) else { continue }
            switch call(Self.subscribeDocument, ["topic": .string(name), "uri": .string(uri)]) {
            case .failure(let answer): return .failed(answer)
            case .success(let data):
                if let problem = Self.userErrors(data["webhookSubscriptionCreate"]["userErrors"]) {
                    return .failed(.refused("\(topic.rawValue): \(problem)"))
                }
                created.append(topic.rawValue)
            }
        }
        return .kept(created: created)
    }
}
