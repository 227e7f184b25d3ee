import Crypto
import Foundation
import HTTP
import JSON
import Spool

/// `/whatsapp/<tenant>`, where Meta calls back about a Cloud API tenant's messages: `GET`, the subscription
/// handshake (`hub.verify_token` must be the tenant's `cloud.verify_token`; the answer is `hub.challenge`), and
/// `POST`, message statuses signed with the app secret (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`), checked
/// in constant time before anything is written, then stored in `events/` for the scheduler like a Shopify event.
struct MetaCallbacks {
    static let topic = CloudSettings.callbackTopic

    let spool: Spool
    let maxBody: Int
    let log: Log

    /// The tenant of a `/whatsapp/<tenant>` path; nil for any other path.
    static func tenant(of path: Substring) -> TenantID? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 3, segments[1] == "whatsapp" else { return nil }
        return TenantID(segments[2])
    }

    func respond(to request: HTTPRequest, config: TenantConfig) -> HTTPResponse {
        switch request.method {
        case "GET": return handshake(request.query, config: config)
        case "POST": return receive(request, config: config)
        default:
            var response = HTTPResponse.text(405, "method not allowed; use GET or POST\n")
            response.headers.add("Allow", "GET, POST")
            return response
        }
    }

    private func handshake(_ query: [String: String], config: TenantConfig) -> HTTPResponse {
        guard let expected = config.cloud?.verifyToken, query["hub.mode"] == "subscribe",
              let given = query["hub.verify_token"],
              Digest.constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
            log.event("rejected status=403 WhatsApp handshake with a wrong verify token", tenant: config.tenant)
            return .text(403, "wrong verify token\n")
        }
        log.event("WhatsApp callback handshake accepted", tenant: config.tenant)
        // The challenge is echoed as given: a browser must never sniff it into HTML or script.
        var echo = HTTPResponse.text(200, query["hub.challenge"] ?? "")
        echo.headers.add("X-Content-Type-Options", "nosniff")
        return echo
    }

    private func receive(_ request: HTTPRequest, config: TenantConfig) -> HTTPResponse {
        let body: Data
        do throws(HTTPError) { body = try request.readBody(limit: maxBody) } catch { return error.response }
        guard let file = config.cloud?.appSecretFile, case .success(let secret) = SecretFile.read(file) else {
            log.event("rejected status=401 no readable cloud.app_secret_file to verify WhatsApp callbacks", tenant: config.tenant)
            return .text(401, "callbacks are not set up for this tenant\n")
        }
        guard Self.isSigned(body, header: request.headers["X-Hub-Signature-256"], secret: secret) else {
            log.event("rejected status=401 bad or missing X-Hub-Signature-256", tenant: config.tenant)
            return .text(401, "bad or missing X-Hub-Signature-256\n")
        }
        guard let payload = JSONValue.parse(body), payload.isObject else { return .text(400, "body is not a JSON object\n") }
        let received = Date()
        let name = EventName.make(received: received, topic: Self.topic)
        do {
            try spool.deposit(Self.envelope(body, tenant: config.tenant, received: received), tenant: config.tenant,
                              into: .events, name: name, modified: received)
        } catch {
            log.repeating("rejected status=503 spool cannot take it", tenant: config.tenant, ["error": error.description])
            return SpoolUnavailable.response
        }
        let values = payload["entry"].array.flatMap { $0["changes"].array }.map { $0["value"] }
        log.event("accepted", tenant: config.tenant, ["topic": Self.topic, "event": name,
                                                      "statuses": "\(values.flatMap { $0["statuses"].array }.count)",
                                                      "replies": "\(values.flatMap { $0["messages"].array }.count)"])
        return .text(200, "accepted\n")
    }

    /// `sha256=<hex>` of the raw body under the app secret.
    static func isSigned(_ body: Data, header: String?, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let expected = Digest.hex(Digest.hmacSHA256(key: Data(secret.utf8), message: body))
        return Digest.constantTimeEqual(Array(header.dropFirst(7).lowercased().utf8), Array(expected.utf8))
    }

    /// The same envelope as a Shopify event's: delivery facts around the raw payload, byte for byte.
    static func envelope(_ body: Data, tenant: TenantID, received: Date) -> Data {
        var data = Data(#"{"received_at":"\#(Timestamp.string(received))","tenant":"\#(tenant)","topic":"\#(topic)","payload":"#.utf8)
        data.append(body)
        data.append(contentsOf: Array("}\n".utf8))
        return data
    }
}
