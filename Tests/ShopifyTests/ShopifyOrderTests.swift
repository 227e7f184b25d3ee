import Foundation
import JSON
import Shopify
import Testing

/// An order from the Admin API's `orders` query becomes the body its orders/create webhook would have carried.
@Suite struct ShopifyOrderTests {
    static let node = JSONValue.parse(Data("""
        {"legacyResourceId":"5123456789012","name":"#1042","number":1042,"createdAt":"2026-12-06T10:00:00Z",
        "cancelledAt":null,"email":"ana@example.com","phone":null,"test":false,"paymentGatewayNames":["Cash on Delivery (COD)"],
        "totalPriceSet":{"shopMoney":{"amount":"1250.5","currencyCode":"MAD"}},
        "customer":{"legacyResourceId":"777","firstName":"Ana","lastName":"Diaz","defaultPhoneNumber":{"phoneNumber":"+212612345678"}},
        "shippingAddress":{"name":"Ana Diaz","phone":"0612-345678","countryCodeV2":"MA"},"billingAddress":null,
        "customAttributes":[{"key":"Delivery slot","value":"Friday"}],"lineItems":{"nodes":[{"title":"Tagine","quantity":2}]}}
        """.utf8))!

    @Test func theGraphQLOrderReadsAsItsWebhookWould() throws {
        let body = try #require(JSONValue.parse(ShopifyOrder(node: Self.node).webhookBody))
        #expect(body["id"].text == "5123456789012" && body["order_number"].text == "1042" && body["name"].text == "#1042")
        #expect(body["total_price"].text == "1250.50" && body["currency"].text == "MAD")
        #expect(body["shipping_address"]["phone"].text == "0612-345678" && body["shipping_address"]["country_code"].text == "MA")
        #expect(body["customer"]["first_name"].text == "Ana" && body["customer"]["phone"].text == "+212612345678")
        #expect(body["line_items"].array.map { [$0["title"].text, $0["quantity"].text] } == [["Tagine", "2"]])
        #expect(body["note_attributes"].array.first?["name"].text == "Delivery slot")
        let payload = try OrderPayload(ShopifyOrder(node: Self.node).webhookBody)
        #expect(payload.id.rawValue == "5123456789012")
    }

    @Test func aCancelledOrderGivesTheCancelsBody() throws {
        var fields: [String: JSONValue] = [:]
        if case .object(let members) = Self.node { fields = members }
        fields["cancelledAt"] = "2026-12-06T11:00:00Z"
        fields["cancelReason"] = "CUSTOMER"
        let body = try #require(JSONValue.parse(ShopifyOrder(node: .object(fields)).cancelBody))
        #expect(body["id"].text == "5123456789012" && body["cancelled_at"].text == "2026-12-06T11:00:00Z")
        #expect(body["cancel_reason"].text == "customer")
    }
}
