import Foundation
import HTTP
import JSON
import Spool

/// What Shopify's Admin API said to one writeback job.
public enum AdminAnswer: Equatable, Sendable {
    case done
    /// Worth another try: throttled (HTTP 429 or GraphQL THROTTLED), Shopify's own trouble, no connection.
    case retry(String, after: TimeInterval?)
    /// The token is wrong, revoked or lacks a scope: nothing for this tenant can go until it is fixed.
    case tokenProblem(String)
    /// Shopify refused the job itself (`userErrors`): trying again would not help.
    case refused(String)
}

/// Shopify's Admin GraphQL API for one tenant: the answer tags on the order, and with `writeback.cancel = yes`
/// the order cancelled, asking first whether it already is, so a job tried twice does nothing twice.
public struct ShopifyAdmin: Sendable {
    let endpoint: HTTPEndpoint
    let token: String
    let timeout: TimeInterval

    public init?(url: String, token: String, timeout: TimeInterval = 15) {
        guard let endpoint = HTTPEndpoint(url) else { return nil }
        self.endpoint = endpoint
        self.token = token
        self.timeout = timeout
    }

    static let tagsDocument = """
        mutation waspTags($id: ID!, $add: [String!]!, $remove: [String!]!) { \
        added: tagsAdd(id: $id, tags: $add) { userErrors { field message } } \
        removed: tagsRemove(id: $id, tags: $remove) { userErrors { field message } } }
        """
    static let cancelledDocument = "query waspCancelled($id: ID!) { order(id: $id) { cancelledAt } }"
    static let cancelDocument = """
        mutation waspCancel($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: false, restock: true, \
        notifyCustomer: false, staffNote: "The customer cancelled by answering the WhatsApp confirmation") \
        { job { id } orderCancelUserErrors { field message code } } }
        """

    public func apply(_ job: WritebackJob) -> AdminAnswer {
        let id: JSONValue = .string("gid://shopify/Order/\(job.orderID)")
        let tags = call(Self.tagsDocument, ["id": id, "add": .array(job.addTags.map(JSONValue.string)),
                                            "remove": .array(job.removeTags.map(JSONValue.string))])
        guard case .success(let data) = tags else { return tags.failure! }
        if let problem = Self.userErrors(data["added"]["userErrors"]) ?? Self.userErrors(data["removed"]["userErrors"]) {
            return .refused(problem)
        }
        guard job.cancel else { return .done }
        switch call(Self.cancelledDocument, ["id": id]) {
        case .failure(let answer): return answer
        case .success(let data) where data["order"]["cancelledAt"].string != nil: return .done
        case .success(let data) where !data["order"].isObject: return .refused("Shopify has no order \(job.orderID)")
        case .success: break
        }
        switch call(Self.cancelDocument, ["id": id]) {
        case .failure(let answer): return answer
        case .success(let data): return Self.userErrors(data["orderCancel"]["orderCancelUserErrors"]).map(AdminAnswer.refused) ?? .done
        }
    }

    /// One GraphQL request: its `data`, or what to do about the failure.
    private func call(_ document: String, _ variables: JSONValue) -> Outcome {
        let body: JSONValue = ["query": .string(document), "variables": variables]
        let response: HTTPClient.Response
        do throws(HTTPError) {
            response = try endpoint.connect(timeout: timeout).send(
                "POST", endpoint.path, headers: [("X-Shopify-Access-Token", token), ("Content-Type", "application/json"),
                                                 ("Accept", "application/json")],
                body: Data(body.serialized.utf8))
        } catch .timedOut {
            return .failure(.retry("Shopify did not answer within \(Int(timeout)) s", after: nil))
        } catch {
            return .failure(.retry("Shopify could not be reached (\(error.description))", after: nil))
        }
        return Self.outcome(status: response.status, body: response.body, retryAfter: response.headers["Retry-After"])
    }

    enum Outcome {
        case success(JSONValue)
        case failure(AdminAnswer)

        var failure: AdminAnswer? {
            if case .failure(let answer) = self { return answer }
            return nil
        }
    }

    static func outcome(status: Int, body: Data, retryAfter: String?) -> Outcome {
        let json = JSONValue.parse(body) ?? .null
        let wait = retryAfter.flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
        switch status {
        case 401, 403: return .failure(.tokenProblem("Shopify refused the Admin API token (HTTP \(status))"))
        case 429: return .failure(.retry("Shopify asked to slow down (HTTP 429)", after: wait))
        case 500...: return .failure(.retry("Shopify answered HTTP \(status)", after: wait))
        case 200..<300: break
        default: return .failure(.refused("Shopify answered HTTP \(status)"))
        }
        let errors = json["errors"].array
        if let throttled = errors.first(where: { $0["extensions"]["code"].string == "THROTTLED" }) {
            return .failure(.retry("Shopify's query cost limit (THROTTLED)", after: throttleWait(json, throttled)))
        }
        if let access = errors.first(where: { $0["extensions"]["code"].string == "ACCESS_DENIED" }) {
            return .failure(.tokenProblem("the Admin API token lacks a scope: \(access["message"].string ?? "access denied")"))
        }
        if let first = errors.first { return .failure(.refused("Shopify: \(first["message"].string ?? "an error")")) }
        return .success(json["data"])
    }

    /// How long until enough of the query-cost bucket has refilled, from `extensions.cost`.
    private static func throttleWait(_ json: JSONValue, _ error: JSONValue) -> TimeInterval {
        let cost = json["extensions"]["cost"]
        let requested = cost["requestedQueryCost"].double ?? error["extensions"]["cost"].double ?? 10
        let available = cost["throttleStatus"]["currentlyAvailable"].double ?? 0
        let rate = max(cost["throttleStatus"]["restoreRate"].double ?? 50, 1)
        return max(1, (requested - available) / rate)
    }

    private static func userErrors(_ list: JSONValue) -> String? {
        let messages = list.array.compactMap { $0["message"].string }
        return messages.isEmpty ? nil : "Shopify refused: " + messages.joined(separator: "; ")
    }
}
