import Foundation
import HTTP
import JSON
import Spool

/// What Shopify's Admin API said to one writeback job.
public enum AdminAnswer: Equatable, Sendable {
    case done
    /// Worth another try: throttled (HTTP 429 or GraphQL THROTTLED), Shopify's own trouble, no connection.
    case retry(String, after: TimeInterval?)
    /// The token is wrong, revoked or lacks a scope, or Shopify refuses to grant one: nothing for this tenant can
    /// go until it is fixed.
    case tokenProblem(String)
    /// The shop is closed to apps, frozen (HTTP 402) or locked (HTTP 423): nothing for this tenant can go until
    /// the merchant has it reopened.
    case shopUnavailable(String)
    /// Shopify refused the job itself (`userErrors`): trying again would not help.
    case refused(String)
    /// Shopify took the cancel and works on it in this job: done once the order shows `cancelledAt`.
    case cancelling(job: String)

    /// What went wrong, in words; nil for an answer that is no problem.
    public var problem: String? {
        switch self {
        case .retry(let text, _), .tokenProblem(let text), .shopUnavailable(let text), .refused(let text): return text
        case .done, .cancelling: return nil
        }
    }
}

/// Shopify's Admin GraphQL API for one tenant: the answer tags on the order, and with `writeback.cancel = yes`
/// the order cancelled, asking first whether it already is, so a job tried twice does nothing twice. The cancel
/// is asynchronous: it is done when the order shows `cancelledAt`, not when orderCancel answers.
public struct ShopifyAdmin: Sendable {
    let endpoint: HTTPEndpoint
    let credential: any AdminCredential
    /// The version in the endpoint's path (`/admin/api/<version>/graphql.json`), to compare with the served one.
    let requestedVersion: String
    let versionWatch: APIVersionWatch?
    let timeout: TimeInterval

    public init?(url: String, credential: any AdminCredential, versionWatch: APIVersionWatch? = nil, timeout: TimeInterval = 15) {
        guard let endpoint = HTTPEndpoint(url) else { return nil }
        self.endpoint = endpoint
        self.credential = credential
        self.versionWatch = versionWatch
        self.timeout = timeout
        let parts = endpoint.path.split(separator: "/")
        requestedVersion = zip(parts, parts.dropFirst()).first { $0.0 == "api" }.map { String($0.1) } ?? ""
    }

    static let tagsDocument = """
        mutation waspTags($id: ID!, $add: [String!]!, $remove: [String!]!) { \
        added: tagsAdd(id: $id, tags: $add) { userErrors { field message } } \
        removed: tagsRemove(id: $id, tags: $remove) { userErrors { field message } } }
        """
    static let cancelledDocument = "query waspCancelled($id: ID!) { order(id: $id) { cancelledAt } }"
    static let cancelJobDocument = "query waspCancelJob($job: ID!) { job(id: $job) { done } }"
    /// No refund (`refundMethod` replaces the deprecated `refund: false`): the order is unpaid cash on delivery.
    static let cancelDocument = """
        mutation waspCancel($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, \
        refundMethod: {originalPaymentMethodsRefund: false}, restock: true, notifyCustomer: false, \
        staffNote: "The customer cancelled by answering the WhatsApp confirmation") \
        { job { id done } orderCancelUserErrors { field message code } } }
        """
    /// Every document wasp sends, for the test that validates them against Shopify's published schemas.
    public static let documents = [tagsDocument, cancelledDocument, cancelJobDocument, cancelDocument, subscriptionsDocument,
                                   subscribeDocument, ordersDocument, scopesDocument, recentOrderDocument]

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
        if let recorded = job.cancelJob { return standing(ofCancel: recorded, order: id) }
        switch call(Self.cancelDocument, ["id": id]) {
        case .failure(let answer): return answer
        case .success(let data):
            if let problem = Self.userErrors(data["orderCancel"]["orderCancelUserErrors"]) { return .refused(problem) }
            guard let started = data["orderCancel"]["job"]["id"].string else {
                return .retry("Shopify took the cancel without naming its job; checking cancelledAt", after: nil)
            }
            return .cancelling(job: started)
        }
    }

    /// A cancel already asked for and the order not cancelled yet: still at work, or finished; a finished job's
    /// order is asked once more, as the job may have ended since the order was read.
    private func standing(ofCancel job: String, order id: JSONValue) -> AdminAnswer {
        switch call(Self.cancelJobDocument, ["job": .string(job)]) {
        case .failure(let answer): return answer
        case .success(let data) where !data["job"]["done"].bool: return .cancelling(job: job)
        case .success: break
        }
        switch call(Self.cancelledDocument, ["id": id]) {
        case .failure(let answer): return answer
        case .success(let data) where data["order"]["cancelledAt"].string != nil: return .done
        case .success:
            return .refused("Shopify's cancel job \(job) finished but the order is not cancelled; cancel it in the Shopify admin")
        }
    }

    /// One GraphQL request: its `data`, or what to do about the failure.
    /// A token Shopify answers 401 to is renewed once, where the credential can renew it.
    func call(_ document: String, _ variables: JSONValue, renewing: Bool = true) -> Outcome {
        let token: String
        switch credential.token(now: Date()) {
        case .failure(let problem): return .failure(problem.answer)
        case .success(let current): token = current
        }
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
        if response.status == 401, renewing, credential.refused(token) { return call(document, variables, renewing: false) }
        versionWatch?.note(requested: requestedVersion, served: response.headers["X-Shopify-API-Version"],
                           deprecation: response.headers["X-Shopify-API-Deprecated-Reason"])
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
        case 402: return .failure(.shopUnavailable("the shop is frozen (HTTP 402 Payment Required): the merchant settles the "
                                                   + "Shopify bill in the Shopify admin; wasp goes on by itself afterwards"))
        case 423: return .failure(.shopUnavailable("the shop is locked (HTTP 423 Locked): the merchant asks Shopify support "
                                                   + "to unlock it; wasp goes on by itself afterwards"))
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

    static func userErrors(_ list: JSONValue) -> String? {
        let messages = list.array.compactMap { $0["message"].string }
        return messages.isEmpty ? nil : "Shopify refused: " + messages.joined(separator: "; ")
    }
}
