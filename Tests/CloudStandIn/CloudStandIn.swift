import Foundation
import HTTP
import JSON
import Synchronization

/// A local stand-in for Meta's WhatsApp Cloud API (`POST /<phone-number-id>/messages`), strict as Meta documents
/// it: the phone number id in the path, the bearer token, the JSON of a template message, and the parameter count
/// of the template it was told about. It answers with Meta's success and error shapes, and can be told to fail the
/// next requests with a code or an HTTP status, or to answer slowly. Tests point `cloud.api_url` at it.
public final class CloudStandIn: Sendable {
    public struct Message: Sendable, Equatable {
        public let id: String
        public let to: String
        public let template: String
        public let parameters: [String]
        public let callbackData: String
        /// The quick-reply buttons' payloads, in order.
        public let buttons: [String]
        /// When the stand-in accepted it.
        public let at: Date
    }

    /// A failure to answer the next request with.
    public struct Failure: Sendable {
        public let httpStatus: Int
        public let code: Int
        public let retryAfter: Int?

        public init(httpStatus: Int, code: Int, retryAfter: Int? = nil) {
            self.httpStatus = httpStatus
            self.code = code
            self.retryAfter = retryAfter
        }
    }

    struct State {
        var messages: [Message] = []
        var failures: [Failure] = []
        var notOnWhatsApp: Set<String> = []
        var delay: TimeInterval = 0
        var requests = 0
        /// Each template's review status and category (Meta's words), once told; approved utility otherwise.
        var reviews: [String: TemplateReview] = [:]
    }

    /// How Meta's template review left a template: `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, …, and its
    /// category, which Meta may change after approval (`UTILITY` → `MARKETING`).
    public struct TemplateReview: Sendable {
        public let status: String
        public let category: String

        public init(status: String, category: String) {
            self.status = status
            self.category = category
        }
    }

    /// The WhatsApp Business Account holding the templates (`GET /<id>/message_templates?name=`).
    public static let businessAccountID = "102938475610293"
    /// The language every template was made in.
    public static let templateLanguage = "en_US"

    public let port: UInt16
    public var url: String { "http://127.0.0.1:\(port)" }
    let phoneNumberID: String
    let token: String
    /// Approved templates and how many body parameters each takes.
    let templates: [String: Int]
    let state = Mutex(State())
    private let server: HTTPServer

    public init(phoneNumberID: String, token: String, templates: [String: Int]) throws {
        self.phoneNumberID = phoneNumberID
        self.token = token
        self.templates = templates
        let box = Mutex<CloudStandIn?>(nil)
        server = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { request in
            box.withLock { $0 }?.answer(request) ?? .text(503, "starting")
        }
        port = server.port
        box.withLock { $0 = self }
        Thread { [server] in server.run(grace: 0) }.start()
    }

    public func stop() { server.stop() }

    public var messages: [Message] { state.withLock { $0.messages } }
    public var requests: Int { state.withLock { $0.requests } }

    public func failNext(_ failures: Failure...) {
        state.withLock { $0.failures += failures }
    }

    public func markNotOnWhatsApp(_ digits: String) {
        _ = state.withLock { $0.notOnWhatsApp.insert(digits) }
    }

    /// Meta re-reviews `template`, as after a re-categorisation or a pause.
    public func review(_ template: String, as review: TemplateReview) {
        state.withLock { $0.reviews[template] = review }
    }

    public func answerAfter(_ seconds: TimeInterval) {
        state.withLock { $0.delay = seconds }
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        // What `wasp bench` asks of the stand-in as its own process (`wasp-stand-in cloud`); not a request to Meta.
        if request.method == "GET", request.path == "/_test/messages.json" { return sentMessages() }
        let (failure, delay) = state.withLock { state -> (Failure?, TimeInterval) in
            state.requests += 1
            return (state.failures.isEmpty ? nil : state.failures.removeFirst(), state.delay)
        }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        if let failure { return error(failure.httpStatus, failure.code, "injected failure", retryAfter: failure.retryAfter) }
        if request.method == "GET", request.path == "/\(Self.businessAccountID)/message_templates" { return templates(request) }
        guard request.method == "POST", request.path == "/\(phoneNumberID)/messages" else {
            return error(400, 100, "Unsupported post request. Object with ID does not exist")
        }
        guard request.headers["Authorization"] == "Bearer " + token else {
            return error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        }
        guard request.headers["Content-Type"]?.hasPrefix("application/json") == true,
              let body = try? request.readBody(limit: 1 << 20), let message = JSONValue.parse(body) else {
            return error(400, 100, "Invalid parameter")
        }
        return accept(message)
    }

    /// Meta's "get template by name": every template whose name is `name`, with its status and category.
    private func templates(_ request: HTTPRequest) -> HTTPResponse {
        guard request.headers["Authorization"] == "Bearer " + token else {
            return error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        }
        let name = request.query["name"] ?? ""
        let review = state.withLock { $0.reviews[name] } ?? TemplateReview(status: "APPROVED", category: "UTILITY")
        let found: [JSONValue] = templates[name] == nil ? [] : [[
            "name": .string(name), "language": .string(Self.templateLanguage), "status": .string(review.status),
            "category": .string(review.category), "id": "594425479261596",
        ]]
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]),
                            body: Data((["data": .array(found)] as JSONValue).serialized.utf8))
    }

    private func accept(_ message: JSONValue) -> HTTPResponse {
        let template = message["template"]
        guard message["messaging_product"].string == "whatsapp", message["type"].string == "template",
              let to = message["to"].string, to.allSatisfy(\.isNumber), let name = template["name"].string,
              template["language"]["code"].string != nil else {
            return error(400, 100, "Invalid parameter")
        }
        guard let count = templates[name] else { return error(404, 132001, "Template name does not exist in the translation") }
        let parameters = template["components"].array.first { $0["type"].string == "body" }?["parameters"].array
            .compactMap { $0["text"].string } ?? []
        guard parameters.count == count else {
            return error(400, 132000, "Number of parameters does not match the expected number of params")
        }
        let buttons = template["components"].array.filter { $0["type"].string == "button" }
        guard buttons.allSatisfy({ $0["sub_type"].string == "quick_reply" && $0["index"].string != nil }) else {
            return error(400, 100, "Invalid parameter: buttons need sub_type quick_reply and an index")
        }
        let payloads = buttons.compactMap { $0["parameters"].array.first?["payload"].string }
        if state.withLock({ $0.notOnWhatsApp.contains(to) }) {
            return error(400, 131026, "Message undeliverable")
        }
        let id = "wamid.HBgL" + String(UInt64.random(in: 0...UInt64.max), radix: 36).uppercased()
        state.withLock {
            $0.messages.append(Message(id: id, to: to, template: name, parameters: parameters,
                                       callbackData: message["biz_opaque_callback_data"].string ?? "", buttons: payloads,
                                       at: Date()))
        }
        let answer: JSONValue = ["messaging_product": "whatsapp", "contacts": [["input": .string(to), "wa_id": .string(to)]],
                                 "messages": [["id": .string(id), "message_status": "accepted"]]]
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]),
                            body: Data(answer.serialized.utf8))
    }

    private func sentMessages() -> HTTPResponse {
        let list = messages.map { message -> JSONValue in
            ["phone": .string(message.to), "text": .string(([message.template] + message.parameters).joined(separator: " ")),
             "incoming": .bool(false), "at": .number(String(message.at.timeIntervalSince1970))]
        }
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]),
                            body: Data(JSONValue.array(list).serialized.utf8))
    }

    /// Meta's error shape.
    private func error(_ status: Int, _ code: Int, _ text: String, retryAfter: Int? = nil) -> HTTPResponse {
        let body: JSONValue = ["error": ["message": .string("(#\(code)) " + text), "type": "OAuthException",
                                         "code": .number(String(code)), "error_subcode": .number("2494010"),
                                         "error_data": ["messaging_product": "whatsapp", "details": .string(text)],
                                         "fbtrace_id": "AbCdEfGh"]]
        var response = HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]),
                                    body: Data(body.serialized.utf8))
        if let retryAfter { response.headers.add("Retry-After", String(retryAfter)) }
        return response
    }
}
