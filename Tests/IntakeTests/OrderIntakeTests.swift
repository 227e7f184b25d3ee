import Foundation
import HTTP
import JSON
import Shopify
import Spool
import Testing
import TestSupport

@Suite struct OrderIntakeTests {
    @Test(arguments: Paths.fixtureNames(in: "orders"))
    func everyFixtureOrderIsStoredDueAfterTheDelay(_ fixture: String) throws {
        let harness = try IntakeHarness()
        let body = Paths.fixture(fixture)
        let before = Date()
        let response = try harness.poster.post(body, path: "/webhooks/shop/orders/create")
        #expect(response.status == 200, "\(response.text)")
        let id = try #require(JSONValue.parse(body)?["id"].text)
        #expect(harness.files(.incoming) == [id + ".json"])
        let order = try harness.order(id)
        #expect(order.orderID == id)
        #expect(order.tenant == "shop")
        #expect(!order.message.isEmpty)
        let entry = try #require(harness.spool.list(harness.tenant, .incoming).first)
        #expect(entry.modified.timeIntervalSince(before) >= 1.5 && entry.modified.timeIntervalSince(before) < 4)
        #expect(harness.files(.tmp).isEmpty)
    }

    @Test func publishedSignatureOfARealOrderIsAccepted() throws {
        let harness = try IntakeHarness()
        let response = try harness.poster.post(Paths.fixture("orders/01-cod-aud-no-customer.json"),
                                               path: "/webhooks/shop/orders/create",
                                               signature: "SCn6dhB0TFm1mYsxjbbMxJRDW3tVRBH4fiMfRLomLDc=")
        #expect(response.status == 200)
        #expect(harness.files(.incoming) == ["3653782667469.json"])
    }

    @Test func legacyRouteAndHeaderTopicRouteAreAccepted() throws {
        let harness = try IntakeHarness()
        let legacy = try harness.poster.post(SampleOrder.body(id: 11, number: 1011), path: "/api/v1/webhooks/shop/orders/create", topic: nil)
        #expect(legacy.status == 200)
        let headerTopic = try harness.poster.post(SampleOrder.body(id: 12, number: 1012), path: "/webhooks/shop")
        #expect(headerTopic.status == 200)
        #expect(harness.files(.incoming) == ["11.json", "12.json"])
        let noTopic = try harness.poster.post(SampleOrder.body(id: 13, number: 1013), path: "/webhooks/shop", topic: nil)
        #expect(noTopic.status == 400)
    }

    @Test func modernHeaderNamesWithoutPrefixAreAccepted() throws {
        let harness = try IntakeHarness()
        let body = SampleOrder.body(id: 21, number: 1021)
        let response = try HTTPClient(host: "127.0.0.1", port: harness.port).send(
            "POST", "/webhooks/shop/orders/create", headers: [
                ("shopify-hmac-sha256", WebhookSignature.sign(body, secret: IntakeHarness.secret)),
                ("shopify-webhook-id", "modern-1"),
            ], body: body)
        #expect(response.status == 200)
        #expect(harness.files(.incoming) == ["21.json"])
    }

    @Test func sameWebhookIDTwiceIsStoredOnce() throws {
        let harness = try IntakeHarness()
        let body = SampleOrder.body(id: 31, number: 1031)
        #expect(try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "retry-1").status == 200)
        let retry = try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "retry-1")
        #expect(retry.status == 200)
        #expect(retry.text.contains("duplicate"))
        #expect(harness.storedFiles().count == 1)
    }

    /// One inode per order: its own file, in whatever state, answers a repeat of its webhook.
    @Test func anOrderLeavesNoMarkerItsFileIsTheDuplicateRecord() throws {
        let harness = try IntakeHarness()
        let body = SampleOrder.body(id: 51, number: 1051)
        #expect(try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "once-1").status == 200)
        #expect(harness.files(.seen).isEmpty)
        try harness.spool.move("51.json", tenant: harness.tenant, from: .incoming, to: .sent)
        let retry = try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "once-1")
        #expect(retry.status == 200 && retry.text.contains("duplicate"))
        #expect(harness.storedFiles() == ["shop/sent/51.json"])
    }

    @Test func sameOrderIDInAnyStateIsStoredOnce() throws {
        let harness = try IntakeHarness()
        let body = SampleOrder.body(id: 41, number: 1041)
        #expect(try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "a").status == 200)
        let again = try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "b")
        #expect(again.status == 200 && again.text == "duplicate, already accepted\n", "as README promises: \(again.text)")
        try harness.spool.move("41.json", tenant: harness.tenant, from: .incoming, to: .sent)
        let later = try harness.poster.post(body, path: "/webhooks/shop/orders/create", webhookID: "c")
        #expect(later.status == 200 && later.text == "duplicate, already accepted\n", "\(later.text)")
        #expect(harness.storedFiles() == ["shop/sent/41.json"])
    }

    @Test func shopDomainMustMatchWhenConfigured() throws {
        let harness = try IntakeHarness(tenantLines: ["shopify.shop = good.myshopify.com"])
        let body = SampleOrder.body(id: 51, number: 1051)
        let wrong = try harness.poster.post(body, path: "/webhooks/shop/orders/create",
                                            extraHeaders: [("X-Shopify-Shop-Domain", "evil.myshopify.com")])
        #expect(wrong.status == 401)
        let right = try harness.poster.post(body, path: "/webhooks/shop/orders/create",
                                            extraHeaders: [("X-Shopify-Shop-Domain", "GOOD.myshopify.com")])
        #expect(right.status == 200)
    }

    @Test func aNewSecretIsPickedUpWithoutARestart() throws {
        let harness = try IntakeHarness()
        try harness.root.addTenant("shop", lines: ["shopify.secret = rotated-key", "delay = 1s"])
        let body = SampleOrder.body(id: 61, number: 1061)
        let rotated = WebhookPoster(port: harness.port, secret: "rotated-key")
        #expect(try rotated.post(body, path: "/webhooks/shop/orders/create").status == 200)
        #expect(try harness.poster.post(SampleOrder.body(id: 62, number: 1062), path: "/webhooks/shop/orders/create").status == 401)
    }

    @Test func healthzAnswers() throws {
        let harness = try IntakeHarness()
        let connection = try RawConnection(port: harness.port)
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(RawConnection.status(of: connection.receive()) == 200)
    }
}
