import Foundation
import HTTP
import Shopify

/// Posts webhooks the way Shopify does.
public struct WebhookPoster {
    public let port: UInt16
    public let secret: String

    public init(port: UInt16, secret: String) {
        self.port = port
        self.secret = secret
    }

    public func post(_ body: Data, path: String, topic: String? = "orders/create", webhookID: String? = UUID().uuidString,
                     signature: String? = nil, extraHeaders: [(String, String)] = []) throws -> HTTPClient.Response {
        var headers: [(String, String)] = [("X-Shopify-Hmac-Sha256", signature ?? WebhookSignature.sign(body, secret: secret))]
        if let topic { headers.append(("X-Shopify-Topic", topic)) }
        if let webhookID { headers.append(("X-Shopify-Webhook-Id", webhookID)) }
        return try HTTPClient(host: "127.0.0.1", port: port).send("POST", path, headers: headers + extraHeaders, body: body)
    }
}
