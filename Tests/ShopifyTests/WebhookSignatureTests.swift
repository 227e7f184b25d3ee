import Foundation
import HTTP
import Shopify
import Testing
import TestSupport

@Suite struct WebhookSignatureTests {
    struct Vector: Decodable, CustomTestStringConvertible {
        let id: String
        let secret: String
        let body: String?
        let expected_header: String
        let valid: Bool
        var testDescription: String { id }
    }

    static let vectors: [Vector] = {
        struct File: Decodable { let vectors: [Vector] }
        return (try? JSONDecoder().decode(File.self, from: Paths.fixture("hmac-vectors.json")).vectors.filter { $0.body != nil }) ?? []
    }()

    @Test func fixtureHasInlineVectors() {
        #expect(Self.vectors.count >= 6)
    }

    @Test(arguments: vectors)
    func publishedVectorsVerify(_ vector: Vector) {
        let body = Data(vector.body!.utf8)
        #expect(WebhookSignature.isValid(vector.expected_header, body: body, secrets: [vector.secret]) == vector.valid)
        if vector.valid { #expect(WebhookSignature.sign(body, secret: vector.secret) == vector.expected_header) }
    }

    @Test func realOrderBodyVerifiesOverItsExactBytes() {
        let body = Paths.fixture("orders/01-cod-aud-no-customer.json")
        let header = "SCn6dhB0TFm1mYsxjbbMxJRDW3tVRBH4fiMfRLomLDc="
        #expect(WebhookSignature.isValid(header, body: body, secrets: ["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"]))
        var altered = body
        altered.append(UInt8(ascii: " "))
        #expect(!WebhookSignature.isValid(header, body: altered, secrets: ["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"]))
    }

    @Test func anySecretOfARotationVerifies() {
        let body = Data("{}".utf8)
        let header = WebhookSignature.sign(body, secret: "new")
        #expect(WebhookSignature.isValid(header, body: body, secrets: ["old", "new"]))
        #expect(!WebhookSignature.isValid(header, body: body, secrets: ["old"]))
        #expect(!WebhookSignature.isValid(nil, body: body, secrets: ["new"]))
        #expect(!WebhookSignature.isValid("not base64!", body: body, secrets: ["new"]))
    }

    @Test func headersAreFoundInAnyCaseWithOrWithoutThePrefix() {
        let modern = ShopifyHeaders(HTTPHeaders([("shopify-hmac-sha256", "abc"), ("shopify-webhook-id", "w1")]))
        #expect(modern.hmac == "abc")
        #expect(modern.webhookID == "w1")
        let classic = ShopifyHeaders(HTTPHeaders([("X-SHOPIFY-TOPIC", "orders/create"), ("x-shopify-event-id", "e1")]))
        #expect(classic.topic == "orders/create")
        #expect(classic.eventID == "e1")
    }
}
