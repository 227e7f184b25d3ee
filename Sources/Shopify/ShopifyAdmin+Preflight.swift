import Foundation
import JSON

/// The newest order as Shopify shows it to this app: whether its phone and address came through, which they do
/// not while the app's protected customer data (phone, name, address) is switched off.
public struct RecentOrder: Sendable, Equatable {
    public let name: String
    public let hasPhone: Bool
    public let hasAddress: Bool
}

/// What `wasp doctor` asks Shopify before the first order (issue 24.8): the scopes the token holds, the newest
/// order, and the webhook subscriptions; the version served comes back on each answer (`versionWatch`).
extension ShopifyAdmin {
    static let scopesDocument = "query waspScopes { currentAppInstallation { accessScopes { handle } } }"
    static let recentOrderDocument = """
        query waspRecentOrder { orders(first: 1, reverse: true) { nodes { name phone shippingAddress { address1 phone } } } }
        """

    /// The access scopes granted to the app (`read_orders`, `write_orders`, …).
    public func grantedScopes() -> Result<[String], AdminAnswer> {
        switch call(Self.scopesDocument, [:]) {
        case .failure(let answer): return .failure(answer)
        case .success(let data):
            return .success(data["currentAppInstallation"]["accessScopes"].array.compactMap { $0["handle"].string })
        }
    }

    /// The shop's newest order, or nil when it has none yet.
    public func recentOrder() -> Result<RecentOrder?, AdminAnswer> {
        switch call(Self.recentOrderDocument, [:]) {
        case .failure(let answer): return .failure(answer)
        case .success(let data):
            guard let order = data["orders"]["nodes"].array.first else { return .success(nil) }
            let address = order["shippingAddress"]
            let phones = [order["phone"].string, address["phone"].string].compactMap { $0 }.filter { !$0.isEmpty }
            return .success(RecentOrder(name: order["name"].string ?? "?", hasPhone: !phones.isEmpty,
                                        hasAddress: !(address["address1"].string ?? "").isEmpty))
        }
    }

    /// The app's webhook subscriptions: each topic (`ORDERS_CREATE`) with the URI it delivers to.
    public func subscriptions() -> Result<[(topic: String, uri: String)], AdminAnswer> {
        switch call(Self.subscriptionsDocument, [:]) {
        case .failure(let answer): return .failure(answer)
        case .success(let data):
            return .success(data["webhookSubscriptions"]["nodes"].array.compactMap { node in
                node["topic"].string.map { (topic: $0, uri: node["uri"].string ?? "") }
            })
        }
    }
}

/// A failed preflight query is the answer that made it fail.
extension AdminAnswer: Error {}
