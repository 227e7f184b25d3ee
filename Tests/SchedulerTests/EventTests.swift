import Foundation
import JSON
import Shopify
import Spool
import Testing
import TestSupport

/// Events posted through the real intake, applied by the real scheduler.
@Suite struct EventTests {
    private func cancel(_ id: String) -> String {
        #"{"id": \#(id), "cancelled_at": "2026-11-20T10:00:00-05:00", "cancel_reason": "customer"}"#
    }

    private func shipment(_ id: String, _ status: String) -> String {
        #"{"id": 1, "order_id": \#(id), "status": "success", "shipment_status": "\#(status)", "tracking_company": "UPS", "tracking_number": "1Z99"}"#
    }

    private func harness(_ waspConf: [String] = []) throws -> SchedulerHarness {
        try SchedulerHarness(waspConf: waspConf, withIntake: true)
    }

    @Test func aCancelledPendingOrderIsNeverReleased() throws {
        let harness = try harness()
        try harness.orders.add("1001", due: Date().addingTimeInterval(2))
        try harness.post(json: cancel("1001"), topic: "orders/cancelled")
        #expect(eventually { harness.orders.names(.events).isEmpty })
        #expect(harness.orders.states(of: "1001") == [.cancelled])
        let record = try harness.orders.load("1001", in: .cancelled)
        #expect(record.cancellation == OrderRecord.Cancellation(at: "2026-11-20T10:00:00-05:00", reason: "customer",
                                                                afterSending: false))
        usleep(2_500_000)
        #expect(harness.orders.states(of: "1001") == [.cancelled])
    }

    @Test func aCancelledSentOrderKeepsTheRecordThatItWasSent() throws {
        let harness = try harness()
        try harness.orders.add("1002", in: .sent)
        try harness.post(json: cancel("1002"), topic: "orders/cancelled")
        #expect(eventually { harness.orders.names(.events).isEmpty })
        #expect(try harness.orders.load("1002", in: .cancelled).cancellation?.afterSending == true)
    }

    @Test func aDeliveredShipmentMovesASentOrderAndOtherNewsIsRecorded() throws {
        let harness = try harness()
        try harness.orders.add("1003", in: .sent)
        try harness.orders.add("1004", in: .sent)
        try harness.post(json: shipment("1003", "in_transit"), topic: "fulfillments/update")
        try harness.post(json: shipment("1004", "delivered"), topic: "fulfillments/update")
        #expect(eventually { harness.orders.names(.events).isEmpty })
        #expect(harness.orders.states(of: "1004") == [.delivered])
        #expect(eventually { (try? harness.orders.load("1003", in: .sent).fulfillment?.shipmentStatus) == "in_transit" })
        #expect(try harness.orders.load("1004", in: .delivered).fulfillment?.trackingNumber == "1Z99")
    }

    @Test func shopifysFulfilmentEventFixtureIsRecordedOnItsOrder() throws {
        let harness = try harness()
        try harness.orders.add("450789469", in: .sent)
        try harness.post(fixture: "fulfillments/22-fulfillment-event-in-transit.json", topic: "fulfillment_events/create")
        #expect(eventually {
            (try? harness.orders.load("450789469", in: .sent).fulfillment?.shipmentStatus) == "in_transit"
        })
    }

    @Test func anEventThatOvertakesItsOrderIsAppliedWhenTheOrderArrives() throws {
        let harness = try harness()
        try harness.post(json: cancel("1005"), topic: "orders/cancelled")
        #expect(eventually { harness.log.contains { $0.contains("order=1005 event waits") } })
        #expect(harness.orders.names(.events).count == 1)
        try harness.orders.add("1005", due: Date().addingTimeInterval(1))
        #expect(eventually { harness.orders.states(of: "1005") == [.cancelled] })
        #expect(eventually { harness.orders.names(.events).isEmpty })
    }

    @Test func eventsForOneOrderApplyInArrivalOrderEvenWhenTheFirstMustWait() throws {
        let harness = try harness()
        try harness.orders.add("1006", in: .active)
        try harness.post(json: shipment("1006", "in_transit"), topic: "fulfillments/update")
        try harness.post(json: cancel("1006"), topic: "orders/cancelled")
        #expect(eventually { harness.log.filter { $0.contains("order=1006 event waits") }.count == 1 })
        #expect(harness.orders.states(of: "1006") == [.active])
        // The sender finishes with it.
        try harness.orders.spool.move("1006.json", tenant: harness.orders.tenant, from: .active, to: .sent)
        #expect(eventually { harness.orders.names(.events).isEmpty })
        #expect(harness.orders.states(of: "1006") == [.cancelled])
        let record = try harness.orders.load("1006", in: .cancelled)
        #expect(record.fulfillment?.shipmentStatus == "in_transit")
        #expect(record.cancellation?.afterSending == true)
        #expect(eventually { harness.log.filter { $0.contains("order=1006 event applied") }.count == 2 })
        let applied = harness.log.filter { $0.contains("order=1006 event applied") }
        #expect(applied.count == 2 && applied[0].contains("fulfillments/update") && applied[1].contains("orders/cancelled"))
    }

    @Test func customersRedactScrubsTheCustomerFromEveryStateButKeepsTheFigures() throws {
        let harness = try harness()
        try harness.orders.add("299938", in: .sent)
        try harness.orders.add("1007", due: Date().addingTimeInterval(3600))
        try harness.orders.add("1008", in: .failed)
        try harness.orders.add("1009", in: .sent, customerID: "555")
        try harness.post(fixture: "compliance/customers-redact.json", topic: "customers/redact")
        #expect(eventually { harness.orders.names(.events).isEmpty })
        for (id, state) in [("299938", SpoolDirectory.sent), ("1007", .incoming), ("1008", .failed)] {
            let record = try harness.orders.load(id, in: state)
            #expect(record.customer == OrderRecord.Customer(name: nil, id: nil, email: nil))
            #expect(record.phone.e164 == nil && record.phone.asWritten == nil && record.message.isEmpty)
            #expect(record.deliverySlot == nil && record.redactedAt != nil)
            #expect(record.totalPrice == "10.00" && record.orderID == id)
            let text = try String(contentsOfFile: harness.orders.spool.path(harness.orders.tenant, state, id + ".json"), encoding: .utf8)
            #expect(!text.contains("Jane") && !text.contains("98765432"))
        }
        #expect(try harness.orders.load("1009", in: .sent).customer.name == "Jane <b>Doe</b>")
        #expect(harness.orders.modified("1007", in: .incoming)! > Date().addingTimeInterval(3000))
    }

    @Test func customersRedactLeavesNoCopyOfTheCustomerInAnyFileOfTheTenant() throws {
        let harness = try harness()
        let spool = harness.orders.spool, tenant = harness.orders.tenant
        // What an older sender wrote: the deep link in an attempt and a failure, and the customer's own words.
        let deepLink = "cannot open http://127.0.0.1:9/send?phone=61298765432&text=Hello%20Jane: net::ERR_FAILED"
        var named = OrderRecord.sample(tenant: tenant, id: "2001", customerID: "191167")
        named.attempts = [OrderRecord.Attempt(at: "2026-12-01T10:00:00Z", outcome: "error", detail: deepLink)]
        named.answers = [OrderRecord.Answer(at: "2026-12-01T10:05:00Z", meaning: .confirm, text: "yes, Jane Doe, 9876 5432",
                                            button: nil, provider: "web")]
        // A guest checkout of the same customer: no customer id, found by the phone.
        var guest = OrderRecord.sample(tenant: tenant, id: "2002", customerID: "")
        guest.customer = OrderRecord.Customer(name: "Jane Doe", id: nil, email: nil)
        guest.attempts = named.attempts
        guest.failure = "too many attempts (1): " + deepLink
        var stranger = OrderRecord.sample(tenant: tenant, id: "2003", customerID: "777")
        stranger.customer = OrderRecord.Customer(name: "Otto", id: "777", email: "otto@example.com")
        stranger.message = "Hello Otto, your order 2003 is confirmed!"
        stranger.phone = OrderRecord.PhoneChoice(asWritten: "+49 151 1234 5678", e164: "+4915112345678", source: "order", problem: nil)
        for (record, state) in [(named, SpoolDirectory.sent), (guest, .failed), (stranger, .sent)] {
            try spool.deposit(record.encoded(), tenant: tenant, into: state, name: record.orderID + ".json")
        }
        try spool.replace("last-failure.html", tenant: tenant, in: .whatsapp, with: Data(deepLink.utf8), modified: Date())
        try harness.post(json: #"{"customer": {"id": 191167, "email": "jane@example.com", "phone": "+61 2 9876 5432"}, "orders_to_redact": [2001]}"#,
                         topic: "customers/redact")
        #expect(eventually { harness.orders.names(.events).isEmpty })
        #expect(try harness.orders.load("2003", in: .sent).customer.name == "Otto", "another customer keeps their data")
        #expect(try harness.orders.load("2002", in: .failed).failure == "too many attempts (1)")
        // The saved page is the sender's to delete: the scheduler asks it to.
        #expect(spool.exists(Spool.forgetPagesFile, tenant: tenant, in: .whatsapp))
        try spool.remove("last-failure.html", tenant: tenant, from: .whatsapp)
        for file in harness.root.files(under: "spool/shop") {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: harness.root.spool + "/shop/" + file)), as: UTF8.self)
            for trace in ["298765432", "9876 5432", "Jane", "jane@"] { #expect(!text.contains(trace), "\(file) holds \(trace)") }
        }
    }

    @Test func customersDataRequestWritesAnExportOfEverythingHeld() throws {
        let harness = try harness()
        try harness.orders.add("280263", in: .delivered, customerID: "1")
        try harness.orders.add("1010", in: .sent)
        try harness.orders.add("1011", in: .sent, customerID: "2")
        try harness.post(fixture: "compliance/customers-data-request.json", topic: "customers/data_request")
        #expect(eventually { harness.orders.names(.exports) == ["customer-191167-request-9999.json"] })
        let export = try #require(JSONValue.parse(Data(contentsOf: URL(fileURLWithPath:
            harness.orders.spool.path(harness.orders.tenant, .exports, "customer-191167-request-9999.json")))))
        let exported = export["orders"].array.map { $0["order"]["order_id"].text ?? "" }.sorted()
        #expect(exported == ["1010", "280263"])
        #expect(eventually { harness.log.contains { $0.contains("event applied") && $0.contains("exported 2 orders") } })
    }

    @Test func appUninstalledHoldsPendingOrdersAndShopRedactDeletesThem() throws {
        let harness = try harness()
        try harness.orders.add("1012", due: Date().addingTimeInterval(3600))
        try harness.orders.add("1013", in: .deferred, due: Date().addingTimeInterval(3600))
        try harness.orders.add("1014", in: .sent)
        try harness.post(json: "{}", topic: "app/uninstalled")
        #expect(eventually { harness.orders.names(.hold) == ["1012.json", "1013.json"] })
        #expect(harness.orders.names(.sent) == ["1014.json"])
        try harness.post(fixture: "compliance/shop-redact.json", topic: "shop/redact")
        #expect(eventually { SpoolDirectory.orderStates.allSatisfy { harness.orders.names($0).isEmpty } })
    }

    @Test func aMalformedEventFileIsSetAsideAndTheNextEventApplies() throws {
        let harness = try harness()
        try harness.orders.add("1015", in: .sent)
        try harness.orders.addRaw("{\"topic\": \"orders/cancelled\", \"payl", name: "00000000000000000001-orders-cancelled-x.json",
                                  in: .events)
        try harness.post(json: cancel("1015"), topic: "orders/cancelled")
        #expect(eventually { harness.orders.states(of: "1015") == [.cancelled] })
        #expect(harness.orders.names(.corrupt) == ["00000000000000000001-orders-cancelled-x.json"])
    }

    @Test func anEventWhoseOrderNeverArrivesIsDroppedAfterMaxAge() throws {
        let harness = try harness(["max_age = 2s"])
        try harness.post(json: cancel("1016"), topic: "orders/cancelled")
        #expect(eventually(timeout: 20) { harness.log.contains { $0.contains("order=1016 event dropped after max_age") } })
        #expect(harness.orders.names(.events).isEmpty)
    }
}
