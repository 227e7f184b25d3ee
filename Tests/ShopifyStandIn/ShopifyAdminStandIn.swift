import Foundation
import HTTP
import JSON
import Synchronization

/// A local stand-in for Shopify's Admin GraphQL API (`POST /admin/api/<version>/graphql.json`), strict as Shopify
/// documents it: the version in the path, `X-Shopify-Access-Token`, a GraphQL document naming `tagsAdd`,
/// `tagsRemove`, `order { cancelledAt }`, `job { done }`, `orders` (see `+Orders`) or `orderCancel` with its variables, and no argument the
/// 2025-07 … 2026-07 schemas dropped (`orderCancel`'s `refund`). It answers in Shopify's shapes (`data`,
/// `userErrors`, `extensions.cost`, errors with `extensions.code = THROTTLED`), says which version it served
/// (`X-Shopify-API-Version`, falling forward from a retired one, and `X-Shopify-API-Deprecated-Reason` when told),
/// can be told to throttle, fail, hang, or freeze (402) or lock (423) the shop, and records each order's tags and
/// whether it was cancelled; a cancel is a job that shows `cancelledAt` only after `cancelTakes`. It also mints
/// expiring tokens by the client-credentials grant (`POST /admin/oauth/access_token`) for the apps it is told of,
/// says which scopes the app holds (the grant's `scope`, `currentAppInstallation { accessScopes }`), and shows the
/// newest order with its phone and address null while protected customer data is switched off.
/// Tests point `shopify.base_url` (or `shopify.admin_url`) at it.
public final class ShopifyAdminStandIn: Sendable {
    public struct Order: Sendable, Equatable {
        public var tags: Set<String> = []
        public var cancelled = false
        /// orderCancel calls that cancelled it: more than one would be a bug.
        public var cancels = 0
    }

    public enum Trouble: Sendable {
        case throttled, status(Int, retryAfter: Int?), hang(TimeInterval)
    }

    /// A Dev Dashboard app installed on the shop: the grant gives tokens that last `tokenLifetime`.
    struct App {
        let secret: String
        let tokenLifetime: TimeInterval
    }

    struct State {
        var orders: [String: Order] = [:]
        var troubles: [Trouble] = []
        var token: String
        var requests = 0
        /// Orders Shopify does not know: their mutations answer userErrors.
        var unknown: Set<String> = []
        var apps: [String: App] = [:]
        /// Tokens the grant gave, with when each expires.
        var minted: [String: Date] = [:]
        var grants = 0
        var refusedTokens = 0
        /// 402 or 423 for every request while the shop is frozen or locked.
        var closed: Int?
        var deprecation: String?
        /// Webhook subscriptions: topic (`ORDERS_CREATE`) → uri.
        var subscriptions: [String: String] = [:]
        /// Cancel jobs end without cancelling (as when the order gained a fulfilment meanwhile).
        var cancelJobsFail = false
        /// Cancel jobs: the order, and when it shows as cancelled.
        var cancelJobs: [String: (order: String, done: Date)] = [:]
        /// The shop's orders for the `orders` query, by id.
        var shopOrders: [String: ShopOrder] = [:]
        var orderPages = 0
        /// The access scopes the app was granted on install (the grant's `scope`, `currentAppInstallation`).
        var scopes = ["read_orders", "write_orders"]
        /// The app's protected customer data (phone, name, address) is switched on in the Dev Dashboard; while it
        /// is off, Shopify answers those fields with null.
        var customerData = true
    }

    public let port: UInt16
    /// The versions served; a request for an older one is served by the oldest of them.
    public let versions: [String]
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var url: String { "\(baseURL)/admin/api/\(versions.last!)/graphql.json" }
    /// How long a cancel job runs before the order shows `cancelledAt`.
    public let cancelTakes: TimeInterval
    /// The most orders one page of the `orders` query holds, whatever `first` asks (Shopify's limit is 250).
    public let ordersPageLimit: Int
    let state: Mutex<State>
    private let server: HTTPServer

    public init(token: String = "shpat_" + UUID().uuidString, versions: [String] = ["2026-01", "2026-04", "2026-07", "2026-10"],
                cancelTakes: TimeInterval = 1, ordersPageLimit: Int = 250) throws {
        self.versions = versions
        self.cancelTakes = cancelTakes
        self.ordersPageLimit = ordersPageLimit
        state = Mutex(State(token: token))
        let box = Mutex<ShopifyAdminStandIn?>(nil)
        server = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { request in
            box.withLock { $0 }?.answer(request) ?? .text(503, "starting")
        }
        port = server.port
        box.withLock { $0 = self }
        Thread { [server] in server.run(grace: 0) }.start()
    }

    public func stop() { server.stop() }
    public func order(_ id: String) -> Order { state.withLock { $0.orders[id] ?? Order() } }
    public var requests: Int { state.withLock { $0.requests } }
    public func troubleNext(_ troubles: Trouble...) { state.withLock { $0.troubles += troubles } }
    public func revokeToken() { state.withLock { $0.token = "revoked-" + UUID().uuidString } }
    public func acceptToken(_ token: String) { state.withLock { $0.token = token } }
    public func forget(_ id: String) { _ = state.withLock { $0.unknown.insert(id) } }
    public func cancelInShopify(_ id: String) { state.withLock { $0.orders[id, default: Order()].cancelled = true } }
    /// A Dev Dashboard app the shop's organization made and installed: the grant works for it.
    public func installApp(clientID: String, secret: String, tokenLifetime: TimeInterval = 86_400) {
        state.withLock { $0.apps[clientID] = App(secret: secret, tokenLifetime: tokenLifetime) }
    }
    /// Client-credentials grants given so far, and requests refused for a bad or expired token.
    public var grants: Int { state.withLock { $0.grants } }
    public var refusedTokens: Int { state.withLock { $0.refusedTokens } }
    /// Every token the grant gave stops working, as when Shopify revokes them.
    public func revokeMintedTokens() { state.withLock { $0.minted.removeAll() } }
    /// 402 (frozen) or 423 (locked) for every Admin API request until `reopen()`.
    public func closeShop(_ status: Int) { state.withLock { $0.closed = status } }
    public func reopen() { state.withLock { $0.closed = nil } }
    public func deprecate(_ reason: String?) { state.withLock { $0.deprecation = reason } }
    public func cancelJobsFinishWithoutCancelling() { state.withLock { $0.cancelJobsFail = true } }
    /// The scopes the merchant approved when installing the app.
    public func grantScopes(_ scopes: [String]) { state.withLock { $0.scopes = scopes } }
    /// Protected customer data switched on or off in the Dev Dashboard.
    public func shareCustomerData(_ shared: Bool) { state.withLock { $0.customerData = shared } }
    /// The app's webhook subscriptions, topic (`ORDERS_CREATE`) → uri.
    public var subscriptions: [String: String] { state.withLock { $0.subscriptions } }
    /// As Shopify does after 8 failed deliveries: the subscription is gone, without a word.
    public func dropSubscription(_ topic: String) { _ = state.withLock { $0.subscriptions.removeValue(forKey: topic) } }

    /// `POST /admin/oauth/access_token`, form-encoded, as Shopify's client-credentials grant.
    private func grant(_ request: HTTPRequest) -> HTTPResponse {
        let fields = (try? request.readBody(limit: 1 << 16)).map { FormFields.parse(String(decoding: $0, as: UTF8.self)) } ?? [:]
        guard request.headers["Content-Type"]?.hasPrefix("application/x-www-form-urlencoded") == true,
              fields["grant_type"] == "client_credentials" else {
            return json(400, ["error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"])
        }
        return state.withLock { state -> HTTPResponse in
            guard let id = fields["client_id"], let app = state.apps[id], app.secret == fields["client_secret"] else {
                return json(400, ["error": "invalid_client", "error_description": "Client credentials cannot be performed on this shop"])
            }
            let token = "shpat_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            state.minted[token] = Date().addingTimeInterval(app.tokenLifetime)
            state.grants += 1
            return json(200, ["access_token": .string(token), "scope": .string(state.scopes.joined(separator: ",")),
                              "expires_in": .number(String(Int(app.tokenLifetime)))])
        }
    }

    /// The version served for a requested one: itself when supported, else the oldest supported (Shopify's fall forward).
    private func served(_ requested: String) -> String {
        versions.contains(requested) ? requested : versions[0]
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let (trouble, token) = state.withLock { state -> (Trouble?, String) in
            state.requests += 1
            return (state.troubles.isEmpty ? nil : state.troubles.removeFirst(), state.token)
        }
        if request.method == "POST" && request.path == "/admin/oauth/access_token" { return grant(request) }
        let parts = request.path.split(separator: "/")
        guard request.method == "POST", parts.count == 4, parts[0] == "admin", parts[1] == "api", parts[3] == "graphql.json" else {
            return json(404, ["errors": "Not Found"])
        }
        var response = graphQL(request, trouble: trouble, token: token)
        let deprecation = state.withLock { $0.deprecation }
        response.headers.add("X-Shopify-API-Version", served(String(parts[2])))
        if let deprecation { response.headers.add("X-Shopify-API-Deprecated-Reason", deprecation) }
        return response
    }

    private func graphQL(_ request: HTTPRequest, trouble: Trouble?, token: String) -> HTTPResponse {
        let (isKnown, closed) = state.withLock { state -> (Bool, Int?) in
            let presented = request.headers["X-Shopify-Access-Token"] ?? ""
            let isKnown = presented == token || (state.minted[presented].map { $0 > Date() } ?? false)
            if !isKnown { state.refusedTokens += 1 }
            return (isKnown, state.closed)
        }
        guard isKnown else {
            return json(401, ["errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"])
        }
        if closed == 402 { return json(402, ["errors": "Unavailable Shop"]) }
        if closed == 423 { return json(423, ["errors": "Locked"]) }
        switch trouble {
        case .throttled?:
            return json(200, ["errors": [["message": "Throttled", "extensions": ["code": "THROTTLED"]]],
                              "extensions": cost(available: 0)])
        case .status(let status, let retryAfter)?:
            var response = json(status, ["errors": "Internal error"])
            if let retryAfter { response.headers.add("Retry-After", String(retryAfter)) }
            return response
        case .hang(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
        case nil:
            break
        }
        guard request.headers["Content-Type"]?.hasPrefix("application/json") == true,
              let body = try? request.readBody(limit: 1 << 20), let document = JSONValue.parse(body),
              let query = document["query"].string else {
            return json(400, ["errors": [["message": "Bad Request"]]])
        }
        if query.contains("orderCancel(") && query.contains("refund:") {
            return json(200, ["errors": [["message": "Field 'orderCancel' doesn't accept argument 'refund'",
                                          "extensions": ["code": "argumentNotAccepted", "name": "orderCancel", "typeName": "Field",
                                                         "argumentName": "refund"]]]])
        }
        if let problem = ordersQueryProblem(query, document["variables"]) { return json(200, problem) }
        return json(200, ["data": perform(query, document["variables"]), "extensions": cost(available: 990)])
    }

    private func perform(_ query: String, _ variables: JSONValue) -> JSONValue {
        if query.contains("orders(") { return ordersAnswer(query, variables) }
        if query.contains("webhookSubscriptions(") {
            let nodes = state.withLock { $0.subscriptions }.sorted { $0.key < $1.key }
                .map { JSONValue.object(["topic": .string($0.key), "uri": .string($0.value)]) }
            return ["webhookSubscriptions": ["nodes": .array(nodes)]]
        }
        if query.contains("webhookSubscriptionCreate("), let topic = variables["topic"].string, let uri = variables["uri"].string {
            state.withLock { $0.subscriptions[topic] = uri }
            return ["webhookSubscriptionCreate": ["webhookSubscription": ["id": .string("gid://shopify/WebhookSubscription/" + topic)],
                                                  "userErrors": []]]
        }
        if query.contains("currentAppInstallation") {
            let scopes = state.withLock { $0.scopes }.map { JSONValue.object(["handle": .string($0)]) }
            return ["currentAppInstallation": ["accessScopes": .array(scopes)]]
        }
        if query.contains("job(id:"), let job = variables["job"].string {
            return state.withLock { state -> JSONValue in
                guard let running = state.cancelJobs[job] else { return ["job": .null] }
                return ["job": ["done": .bool(running.done <= Date())]]
            }
        }
        guard let gid = variables["id"].string, gid.hasPrefix("gid://shopify/Order/") else {
            return .null
        }
        let id = String(gid.dropFirst("gid://shopify/Order/".count))
        return state.withLock { state -> JSONValue in
            let known = !state.unknown.contains(id)
            let missing: JSONValue = ["userErrors": [["field": ["id"], "message": "Order does not exist"]]]
            var data: [String: JSONValue] = [:]
            if query.contains("tagsAdd(") {
                if known { state.orders[id, default: Order()].tags.formUnion(variables["add"].array.compactMap(\.string)) }
                data["added"] = known ? ["userErrors": []] : missing
            }
            if query.contains("tagsRemove(") {
                if known { state.orders[id, default: Order()].tags.subtract(variables["remove"].array.compactMap(\.string)) }
                data["removed"] = known ? ["userErrors": []] : missing
            }
            let now = Date()
            for running in state.cancelJobs.values where running.done <= now && !state.cancelJobsFail {
                state.orders[running.order, default: Order()].cancelled = true
            }
            if query.contains("order(id:") && query.contains("cancelledAt") {
                data["order"] = known ? ["cancelledAt": state.orders[id]?.cancelled == true ? "2026-12-01T10:00:00Z" : .null] : .null
            }
            if query.contains("orderCancel(") {
                let isCancelling = state.cancelJobs.values.contains { $0.order == id }
                if !known {
                    data["orderCancel"] = ["job": .null, "orderCancelUserErrors": [["field": ["orderId"], "message": "Order not found",
                                                                                    "code": "NOT_FOUND"]]]
                } else if state.orders[id]?.cancelled == true || isCancelling {
                    data["orderCancel"] = ["job": .null, "orderCancelUserErrors": [["field": ["orderId"],
                                                                                    "message": "Order has already been cancelled",
                                                                                    "code": "INVALID"]]]
                } else {
                    let job = "gid://shopify/Job/" + UUID().uuidString.lowercased()
                    state.cancelJobs[job] = (id, now.addingTimeInterval(cancelTakes))
                    state.orders[id, default: Order()].cancels += 1
                    data["orderCancel"] = ["job": ["id": .string(job), "done": false], "orderCancelUserErrors": []]
                }
            }
            return .object(data)
        }
    }

    private func cost(available: Int) -> JSONValue {
        ["cost": ["requestedQueryCost": 10, "actualQueryCost": available > 0 ? 10 : .null,
                  "throttleStatus": ["maximumAvailable": 1000, "currentlyAvailable": .number(String(available)), "restoreRate": 50]]]
    }

    private func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Data(value.serialized.utf8))
    }
}
