import Foundation
import Shopify
import Spool

extension Doctor {
    /// The scopes wasp's writeback needs: `tagsAdd`/`tagsRemove` and `orderCancel` write, the order queries read.
    static let neededScopes = ["read_orders", "write_orders"]

    /// Shopify's Admin API as the writeback would reach it: the token (by grant or file) and its scopes, the newest
    /// order's phone and address (not redacted), the app's webhook subscriptions, and the version served.
    func shopifyFindings() -> [Finding] {
        let settings = tenantConfig.writeback
        let grant = ClientCredentialsGrant.Source(settings)
        let watch = APIVersionWatch(tenant: tenant, log: nil)
        guard let credential: any AdminCredential = grant.map({ ClientCredentialsGrant($0) })
                ?? settings.tokenFile.map(TokenFileCredential.init(path:)),
              let url = settings.adminURL, let admin = ShopifyAdmin(url: url, credential: credential, versionWatch: watch) else {
            return [Finding("shopify token", .skip, "no Admin API access configured (shopify.client_id with "
                            + "shopify.client_secret_file, or shopify.admin_token_file, and shopify.shop): answers are not "
                            + "written back to Shopify and nothing there can be checked")]
        }
        let source = grant.map { "minted by the client-credentials grant for client ID \($0.clientID)" }
            ?? "from shopify.admin_token_file"
        let (token, works) = tokenFinding(admin, source: source)
        guard works else {
            return [token] + ["customer data", "webhook subscriptions", "api version"].map {
                Finding($0, .skip, "needs a working token")
            }
        }
        let findings = [token, customerDataFinding(admin), subscriptionsFinding(admin, appCreated: grant != nil)]
        return findings + [versionFinding(watch, requested: settings.apiVersion)]
    }

    /// The token's finding, and whether Shopify took it at all (one lacking a scope still shows the rest).
    private func tokenFinding(_ admin: ShopifyAdmin, source: String) -> (Finding, works: Bool) {
        switch admin.grantedScopes() {
        case .failure(let answer): return (Finding("shopify token", .fail, answer.problem ?? "Shopify refused the token"), false)
        case .success(let scopes):
            let lacking = Self.neededScopes.filter { !scopes.contains($0) }
            guard lacking.isEmpty else {
                return (Finding("shopify token", .fail, "the token (\(source)) lacks \(lacking.joined(separator: ", ")): add "
                                + "them to the app's scopes in the Dev Dashboard (Versions), release, and approve on the store"), true)
            }
            return (Finding("shopify token", .ok, "\(source); scopes \(scopes.sorted().joined(separator: ", "))"), true)
        }
    }

    private func customerDataFinding(_ admin: ShopifyAdmin) -> Finding {
        switch admin.recentOrder() {
        case .failure(let answer): return Finding("customer data", .fail, answer.problem ?? "the newest order could not be read")
        case .success(nil): return Finding("customer data", .skip, "the shop has no order yet; run again after the first one")
        case .success(let order?):
            let hidden = [order.hasPhone ? nil : "phone", order.hasAddress ? nil : "address"].compactMap { $0 }
            guard hidden.isEmpty else {
                return Finding("customer data", .fail, "order \(order.name) came without its \(hidden.joined(separator: " and ")): "
                               + "switch on the app's protected customer data (phone, name, address) in the Dev Dashboard "
                               + "and release; without a phone no order can be confirmed (if that customer gave none, "
                               + "check again after the next order)")
            }
            return Finding("customer data", .ok, "order \(order.name) shows its phone and address")
        }
    }

    /// A Dev Dashboard app's subscriptions, each at `<public_url>/webhooks/<tenant>/<topic>`; a shop-admin
    /// webhook is not the app's, so the API cannot list it.
    private func subscriptionsFinding(_ admin: ShopifyAdmin, appCreated: Bool) -> Finding {
        let name = "webhook subscriptions"
        let wanted = ShopifyTopic.allCases.compactMap { topic in
            topic.subscriptionTopic.map { ($0, "\(config.publicURL)/webhooks/\(tenant)/\(topic.rawValue)") }
        }
        guard appCreated else {
            return Finding(name, .skip, "shop-admin webhooks (Settings → Notifications → Webhooks) cannot be listed through "
                           + "the API; check there that they deliver to \(config.publicURL)/webhooks/\(tenant)/<topic>")
        }
        switch admin.subscriptions() {
        case .failure(let answer): return Finding(name, .fail, answer.problem ?? "Shopify would not list them")
        case .success(let present):
            let missing = wanted.filter { topic, uri in !present.contains { $0.topic == topic && $0.uri == uri } }
            guard !missing.isEmpty else { return Finding(name, .ok, "\(wanted.count) topics deliver to \(config.publicURL)") }
            let elsewhere = missing.compactMap { topic, _ in present.first { $0.topic == topic }.map { "\(topic) → \($0.uri)" } }
            return Finding(name, .fail, "not delivering to this host's public_url \(config.publicURL): "
                           + missing.map(\.0).joined(separator: ", ")
                           + (elsewhere.isEmpty ? "" : " (now: " + elsewhere.joined(separator: ", ") + ")")
                           + "; 'wasp writeback' creates them within the hour while it runs; if public_url is wrong, "
                           + "fix it in etc/wasp.conf")
        }
    }

    private func versionFinding(_ watch: APIVersionWatch, requested: String) -> Finding {
        let notice = watch.notice
        return notice.isEmpty ? Finding("api version", .ok, "Shopify serves \(requested) as asked")
            : Finding("api version", .fail, notice)
    }
}
