import Foundation
import HTTP
import Testing
import TestSupport

/// Numbers a remote chooses must never crash the intake. Where the order file keeps a number as the text Shopify
/// sent, any size is stored (200): the id is a file name of up to 20 digits, so one past 2^64 is still an id, and
/// money is never a float (SPEC), so a price of 1e999 is shown as written. A quantity is an Int in the order file,
/// so one no Int holds is refused (400), as is nesting past the parser's 64 levels (400: not a JSON object).
@Suite struct HostileNumberTests {
    let harness: IntakeHarness

    init() throws {
        harness = try IntakeHarness()
    }

    @Test func absurdNumbersAreStoredAsTextOrRefusedAndTheIntakeStaysUp() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deliveries: [(body: String, status: Int)] = [
            (#"{"id": 18446744073709551616}"#, 200),
            (#"{"id": 72, "total_price": 1e999}"#, 200),
            (#"{"id": 73, "line_items": [{"title": "Tea", "quantity": 99999999999999999999}]}"#, 400),
            (#"{"id": 74, "note_attributes": "# + deep + "}", 400),
        ]
        for delivery in deliveries {
            let response = try harness.poster.post(Data(delivery.body.utf8), path: "/webhooks/shop/orders/create")
            #expect(response.status == delivery.status, "\(delivery.body.prefix(80)): \(response.text)")
        }
        #expect(harness.files(.incoming) == ["18446744073709551616.json", "72.json"])
        #expect(try harness.order("72").totalPrice == "1e999")
        #expect(try HTTPClient(host: "127.0.0.1", port: harness.port).send("GET", "/healthz").status == 200)
    }
}
