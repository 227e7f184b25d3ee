import Foundation
import HTTP
import Shopify
import Spool
import Synchronization

/// Answers Shopify's webhook deliveries. Nothing is written before the signature verifies, and 200 is sent only
/// once the order or event is fsynced in the spool.
final class WebhookReceiver: Sendable {
    let spool: Spool
    let tenants: TenantConfigs
    let shards: ShardPlacement
    let maxBody: Int
    let feed: FeedWatch
    let log = Log("intake")

    init(spool: Spool, tenants: TenantConfigs, shards: ShardPlacement, maxBody: Int, feed: FeedWatch) {
        self.spool = spool
        self.tenants = tenants
        self.shards = shards
        self.maxBody = maxBody
        self.feed = feed
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.path == "/healthz" {
            return request.method == "GET" || request.method == "HEAD" ? .text(200, "ok\n") : methodNotAllowed("GET")
        }
        if let tenant = MetaCallbacks.tenant(of: request.path) {
            return withConfig(of: tenant, request) { config in
                MetaCallbacks(spool: spool, maxBody: maxBody, log: log).respond(to: request, config: config)
            }
        }
        guard let route = WebhookRoute(path: request.path) else { return .text(404, "no such route\n") }
        guard request.method == "POST" else { return methodNotAllowed("POST") }
        return withConfig(of: route.tenant, request) { config in receive(request, route: route, config: config) }
    }

    /// The answer for a tenant this shard does not serve now ('wasp help shards'), before anything is written.
    private func misplaced(_ tenant: TenantID) -> HTTPResponse? {
        switch shards.verdict(for: tenant) {
        case .here:
            return nil
        case .elsewhere(let shard):
            log.event("rejected status=421 served by another shard", tenant: tenant, ["shard": shard.name])
            return .text(421, "tenant \(tenant) is served by shard \(shard.name), not \(shards.name ?? "")\n")
        case .moving:
            log.repeating("rejected status=503 moving to another shard", tenant: tenant)
            var response = HTTPResponse.text(503, "tenant \(tenant) is moving to another shard; retry later\n")
            response.headers.add("Retry-After", "30")
            return response
        case .broken(let error):
            log.repeating("rejected status=503 shard map broken", tenant: tenant, ["error": error.description])
            return .text(503, "the shard map is broken; the operator has been told\n")
        }
    }

    private func withConfig(of tenant: TenantID, _ request: HTTPRequest, _ answer: (TenantConfig) -> HTTPResponse) -> HTTPResponse {
        if let refusal = misplaced(tenant) { return refusal }
        switch tenants.lookup(tenant) {
        case .unknownTenant:
            log.event("rejected status=404 unknown tenant", tenant: tenant, ["remote": request.remoteAddress])
            return .text(404, "unknown tenant\n")
        case .broken(let error):
            log.event("rejected status=503 configuration broken", tenant: tenant, ["error": error.description])
            return .text(503, "tenant configuration is broken; the operator has been told\n")
        case .found(let config):
            return answer(config)
        }
    }

    /// Deliveries of the subscriptions a Dev Dashboard app makes are signed with its client secret, read only when
    /// no `shopify.secret` verifies, so shop-admin webhooks cost no file read.
    private func isSignedByApp(_ headers: ShopifyHeaders, _ body: Data, _ config: TenantConfig) -> Bool {
        guard let file = config.writeback.clientSecretFile else { return false }
        switch SecretFile.read(file, sharedWithGroup: true) {
        case .failure(let problem):
            log.repeating("cannot check a signature with shopify.client_secret_file", tenant: config.tenant, ["problem": problem.description])
            return false
        case .success(let secret):
            return WebhookSignature.isValid(headers.hmac, body: body, secrets: [secret])
        }
    }

    private func receive(_ request: HTTPRequest, route: WebhookRoute, config: TenantConfig) -> HTTPResponse {
        let headers = ShopifyHeaders(request.headers)
        let body: Data
        do throws(HTTPError) {
            guard request.hasBody || request.headers["Content-Length"] != nil else { throw .lengthRequired }
            body = try request.readBody(limit: maxBody)
        } catch {
            log.event("rejected status=\(error.status)", tenant: config.tenant, ["reason": error.description])
            return error.response
        }
        guard WebhookSignature.isValid(headers.hmac, body: body, secrets: config.shopifySecrets) || isSignedByApp(headers, body, config) else {
            return reject(401, "bad or missing X-Shopify-Hmac-Sha256", config.tenant, headers)
        }
        if let shop = config.shopifyShop, headers.shopDomain?.lowercased() != shop.lowercased() {
            return reject(401, "X-Shopify-Shop-Domain is not \(shop)", config.tenant, headers)
        }
        guard let topic = route.topic ?? headers.topic.flatMap(ShopifyTopic.init(rawValue:)) else {
            return reject(400, "missing or unsupported X-Shopify-Topic", config.tenant, headers)
        }
        let delivery = Delivery(tenant: config, topic: topic, headers: headers, body: body, received: Date())
        // Asked again now that the body is in: a move may have started while it was read.
        if let refusal = misplaced(config.tenant) { return refusal }
        do {
            let stored = try WebhookStore(spool: spool, log: log).store(delivery)
            feed.heard(from: config.tenant, at: delivery.received)
            return stored.response
        } catch let error as WebhookError {
            return reject(400, error.description, config.tenant, headers)
        } catch let error as SpoolError {
            log.repeating("rejected status=503 spool cannot take it", tenant: config.tenant,
                      ["webhook": headers.webhookID ?? "-", "error": error.description])
            return SpoolUnavailable.response
        } catch {
            return reject(500, "\(error)", config.tenant, headers)
        }
    }

    private func reject(_ status: Int, _ reason: String, _ tenant: TenantID, _ headers: ShopifyHeaders) -> HTTPResponse {
        log.event("rejected status=\(status)", tenant: tenant, ["webhook": headers.webhookID ?? "-", "reason": reason])
        return .text(status, reason + "\n")
    }

    private func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        var response = HTTPResponse.text(405, "method not allowed; use \(allowed)\n")
        response.headers.add("Allow", allowed)
        return response
    }
}

/// One verified webhook, ready to be stored.
struct Delivery {
    let tenant: TenantConfig
    let topic: ShopifyTopic
    let headers: ShopifyHeaders
    let body: Data
    let received: Date
    /// `reconcile` when the intake pulled it from Shopify's Admin API; nil for a webhook.
    var source: String? = nil
}
