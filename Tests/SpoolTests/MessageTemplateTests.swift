import Foundation
import Spool
import Testing

/// The customer's own words in a message lose what would let them write to a stranger through the merchant's
/// number: line breaks, control characters, links, length. The merchant's template stays as written.
@Suite struct MessageTemplateTests {
    private func render(_ template: String, name: String?, slot: String? = nil) throws -> String {
        var order = OrderRecord.sample(tenant: TenantID("shop")!, id: "1001")
        order.customer.name = name
        order.deliverySlot = slot
        return try MessageTemplate.parse(template).get().render(order)
    }

    @Test func aNameCarryingALinkAndLineBreaksBecomesOneShortLineWithoutTheLink() throws {
        let message = try render("Hello {customer_name}, your order {order_name} is confirmed!\nVisit https://shop.example",
                                 name: "there! Parcel held at customs,\npay at https://evil.example/pay or www.evil.example")
        #expect(message == "Hello there! Parcel held at customs, pay at or, your order #1001 is confirmed!\nVisit https://shop.example")
    }

    @Test func bareHostsControlCharactersAndInvisibleFormattingAreDropped() throws {
        let slot = "Tue 10-12\r\u{1b}[2J\u{202e}call evil.example/pay\u{2028}now"
        #expect(try render("{delivery_slot}", name: nil, slot: slot) == "Tue 10-12 [2J call now")
        #expect(try render("{customer_name}", name: "J.R.R. Tolkien") == "J.R.R. Tolkien")
    }

    @Test func aNameIsCutToSixtyCharactersAndAnEmptyOneIsThere() throws {
        let long = String(repeating: "Bartholomew ", count: 10)
        let cut = Array(repeating: "Bartholomew", count: 5).joined(separator: " ") // 60 characters, less the last blank
        #expect(try render("Hi {customer_name}!", name: long) == "Hi \(cut)!")
        #expect(try render("Hi {customer_name}!", name: "https://evil.example") == "Hi there!")
    }
}
