import Foundation
import JSON
import Shopify
import Testing
import TestSupport

@Suite struct EventIntakeTests {
    @Test(arguments: [
        ("compliance/customers-redact.json", "customers/redact"),
        ("compliance/customers-data-request.json", "customers/data_request"),
        ("compliance/shop-redact.json", "shop/redact"),
        ("fulfillments/20-fulfillment-success-ups.json", "fulfillments/update"),
        ("fulfillments/22-fulfillment-event-in-transit.json", "fulfillment_events/create"),
        ("orders/07-letter-phones-cancelled.json", "orders/cancelled"),
    ])
    func nonOrderTopicsBecomeEventsWithTheRawPayload(fixture: String, topic: String) throws {
        let harness = try IntakeHarness()
        let body = Paths.fixture(fixture)
        let response = try harness.poster.post(body, path: "/webhooks/shop/\(topic)", topic: topic, webhookID: "ev-1")
        #expect(response.status == 200)
        let events = harness.files(.events)
        #expect(events.count == 1)
        #expect(events.first?.contains(topic.replacingOccurrences(of: "/", with: "-")) == true)
        #expect(harness.files(.incoming).isEmpty)
        let stored = try Data(contentsOf: URL(fileURLWithPath: harness.spool.path(harness.tenant, .events, events[0])))
        let envelope = try #require(JSONValue.parse(stored))
        #expect(envelope["topic"].text == topic)
        #expect(envelope["webhook_id"].text == "ev-1")
        #expect(envelope["payload"] == JSONValue.parse(body))
        #expect(String(decoding: stored, as: UTF8.self).contains(String(decoding: body, as: UTF8.self)))
    }

    @Test func eventsAreNamedInArrivalOrderAndDeduplicatedByEventID() throws {
        let harness = try IntakeHarness()
        let body = Paths.fixture("compliance/shop-redact.json")
        for webhook in ["w1", "w2"] {
            #expect(try harness.poster.post(body, path: "/webhooks/shop/orders/cancelled", topic: "orders/cancelled",
                                            webhookID: webhook).status == 200)
        }
        let repeated = try harness.poster.post(body, path: "/webhooks/shop/orders/cancelled", topic: "orders/cancelled",
                                               webhookID: "w3", extraHeaders: [("X-Shopify-Event-Id", "e1")])
        #expect(repeated.status == 200)
        let again = try harness.poster.post(body, path: "/webhooks/shop/orders/cancelled", topic: "orders/cancelled",
                                            webhookID: "w4", extraHeaders: [("X-Shopify-Event-Id", "e1")])
        #expect(again.text.contains("duplicate"))
        #expect(harness.files(.events).count == 3)
        #expect(harness.files(.events) == harness.files(.events).sorted())
    }
}
