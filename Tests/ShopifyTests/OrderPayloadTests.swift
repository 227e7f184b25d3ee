import Foundation
import Shopify
import Spool
import Testing
import TestSupport

@Suite struct OrderPayloadTests {
    let received = Date(timeIntervalSince1970: 1_800_000_000)

    private func record(_ fixture: String, config: String = "shopify.secret = s\ndelay = 10m") throws -> OrderRecord {
        let tenant = try TenantConfig.parse(ConfigFile(path: "t.conf", text: config), tenant: TenantID("5")!)
        return try OrderPayload(Paths.fixture(fixture)).record(tenant: tenant, received: received, webhookID: "w",
                                                                shopDomain: "x.myshopify.com")
    }

    @Test func codOrderWithoutCustomerHasNoPhoneAndSaysWhy() throws {
        let order = try record("orders/01-cod-aud-no-customer.json")
        #expect(order.orderID == "3653782667469")
        #expect(order.name == "#1022")
        #expect(order.totalPrice == "70.00")
        #expect(order.currency == "AUD")
        #expect(order.gateway == "Cash on Delivery (COD)")
        #expect(order.phone.e164 == nil)
        #expect(order.phone.problem?.contains("no phone in the order") == true)
        #expect(order.message == "Hello there, your order #1022 of AUD 70.00 is confirmed!")
        #expect(order.dueAt == Timestamp.string(received.addingTimeInterval(600)))
    }

    @Test func orderPhoneComesFirstAmongFourPlaces() throws {
        let order = try record("orders/02-order-1001-phones-everywhere.json")
        #expect(order.phone.e164 == "+557734881234")
        #expect(order.phone.source == "order")
        #expect(order.customer.name == "Bob Norman")
        #expect(order.customer.id == "207119551")
        #expect(order.lineItems.count == 3)
        #expect(order.country == "US")
        #expect(order.message == "Hello Bob Norman, your order #1001 of USD 598.94 is confirmed!")
    }

    @Test func eurOrderWithoutContactHasNoPhone() throws {
        let order = try record("orders/05-eur-no-contact.json")
        #expect(order.currency == "EUR")
        #expect(order.customer.name == nil)
        #expect(order.phone.e164 == nil)
    }

    @Test func phonesWithLettersAreNeverGuessed() throws {
        let order = try record("orders/07-letter-phones-cancelled.json")
        #expect(order.phone.e164 == nil)
        #expect(order.phone.asWritten == "555-555-SHIP")
        #expect(order.phone.problem?.contains("letters") == true)
        #expect(order.isTest)
    }

    @Test func idAbove2To53StaysExactAndBadDatesAreKeptAsSent() throws {
        let order = try record("orders/09-test-notification-cop-es.json")
        #expect(order.orderID == "820982911946154508")
        #expect(order.totalPrice == "534140.00")
        #expect(order.currency == "COP")
        #expect(order.createdAt == "2025-10-07T11: 28: 07-05: 00")
        #expect(Timestamp.date(order.createdAt!) == nil)
        let decoded = try OrderRecord.decode(try order.encoded())
        #expect(decoded == order)
    }

    @Test func defaultCountryInterpretsNationalNumbers() throws {
        let body = Data(#"{"id": 7, "phone": "0612345678"}"#.utf8)
        let tenant = try TenantConfig.parse(ConfigFile(path: "t", text: "shopify.secret = s\nphone.default_country = NL"),
                                            tenant: TenantID("5")!)
        let order = try OrderPayload(body).record(tenant: tenant, received: received, webhookID: nil, shopDomain: nil)
        #expect(order.phone.e164 == "+31612345678")
    }

    @Test func customTemplateIsRendered() throws {
        let order = try record("orders/02-order-1001-phones-everywhere.json",
                               config: "shopify.secret = s\ntemplate = {order_number}: {line_items}")
        #expect(order.message.hasPrefix("1001: 1 x IPod Nano - 8gb"))
    }

    @Test(arguments: ["[]", "\"x\"", "{not json", "", "{\"name\": \"#1\"}", "{\"id\": \"../1\"}", "{\"id\": 1.5}",
                      "{\"id\": -0}", "{\"id\": 1e999}", "{\"id\": 100000000000000000000}",
                      "{\"id\": " + String(repeating: "[", count: 100_000) + "}"])
    func bodiesWithoutAnOrderAreRejected(_ text: String) {
        #expect(throws: WebhookError.self) { try OrderPayload(Data(text.utf8)) }
    }

    /// Only numbers the pipeline keeps as text may be absurd: the id is a file name of up to 20 digits, so one past
    /// 2^64 is still an id; the price and order number are shown, never computed with.
    @Test func numbersKeptAsTextArriveAsSentHoweverLarge() throws {
        let body = #"{"id": 18446744073709551616, "order_number": 99999999999999999999, "total_price": 1e999,"#
            + #" "line_items": [{"title": "Tea", "quantity": -0}]}"#
        let order = try OrderPayload(Data(body.utf8)).record(
            tenant: TenantConfig.parse(ConfigFile(path: "t", text: "shopify.secret = s"), tenant: TenantID("5")!),
            received: received, webhookID: nil, shopDomain: nil)
        #expect(order.orderID == "18446744073709551616")
        #expect(order.orderNumber == "99999999999999999999")
        #expect(order.totalPrice == "1e999")
        #expect(order.lineItems == [OrderRecord.LineItem(title: "Tea", quantity: 0)])
    }

    /// A quantity is stored as an Int; one no Int holds used to become a silent 1.
    @Test(arguments: ["99999999999999999999", "1e999", "-1", "1.5", "\"many\""])
    func aQuantityThatIsNotAWholeNumberIsRejected(_ quantity: String) {
        let body = #"{"id": 7, "line_items": [{"title": "Tea", "quantity": "# + quantity + "}]}"
        #expect(throws: WebhookError.badQuantity) { try OrderPayload(Data(body.utf8)) }
    }
}
