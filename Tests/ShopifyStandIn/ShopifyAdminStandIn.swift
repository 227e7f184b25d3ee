import Foundation
import HTTP
import JSON
import Synchronization

/// A local stand-in for Shopify's Admin GraphQL API (`POST /admin/api/<version>/graphql.json`), strict as Shopify
/// documents it: the version in the path, `X-Shopify-Access-Token`, a GraphQL document naming `tagsAdd`,
/// `tagsRemove`, `order { cancelledAt }` or `orderCancel` with its variables. It answers in Shopify's shapes
/// (`data`, `userErrors`, `extensions.cost`, errors with `extensions.code = THROTTLED`), can be told to throttle,
/// fail or hang, and records each order's tags and whether it was cancelled. Tests point `shopify.admin_url` at it.
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

    struct State {
        var orders: [String: Order] = [:]
        var troubles: [Trouble] = []
        var token: String
        var requests = 0
        /// Orders Shopify does not know: their mutations answer userErrors.
        var unknown: Set<String> = []
    }

    public let port: UInt16
    public let version: String
    public var url: String { "http://127.0.0.1:\(port)/admin/api/\(version)/graphql.json" }
    let state: Mutex<State>
    private let server: HTTPServer

    public init(token: String, version: String = "2025-07") throws {
        self.version = version
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

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let (trouble, token) = state.withLock { state -> (Trouble?, String) in
            state.requests += 1
            return (state.troubles.isEmpty ? nil : state.troubles.removeFirst(), state.token)
        }
        guard request.method == "POST", request.path == "/admin/api/\(version)/graphql.json" else {
            return json(404, ["errors": "Not Found"])
        }
        guard request.headers["X-Shopify-Access-Token"] == token else {
            return json(401, ["errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"])
        }
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
        return json(200, ["data": perform(query, document["variables"]), "extensions": cost(available: 990)])
    }

    private func perform(_ query: String, _ variables: JSONValue) -> JSONValue {
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
            if query.contains("order(id:") && query.contains("cancelledAt") {
                data["order"] = known ? ["cancelledAt": state.orders[id]?.cancelled == true ? "2026-12-01T10:00:00Z" : .null] : .null
            }
            if query.contains("orderCancel(") {
                if known && state.orders[id]?.cancelled != true {
                    state.orders[id, default: Order()].cancelled = true
                    state.orders[id, default: Order()].cancels += 1
                }
                data["orderCancel"] = known ? ["job": ["id": "gid://shopify/Job/1"], "orderCancelUserErrors": []]
                    : ["job": .null, "orderCancelUserErrors": [["field": ["orderId"], "message": "Order not found", "code": "NOT_FOUND"]]]
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
