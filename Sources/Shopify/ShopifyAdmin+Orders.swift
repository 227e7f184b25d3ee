import Foundation
import JSON
import Spool

/// The shop's recent orders, for the intake's reconciliation: Shopify delivers webhooks at least once only while a
/// subscription exists, and tells apps to reconcile, so the orders created or cancelled since the last look are
/// asked for and compared with the spool.
extension ShopifyAdmin {
    static let ordersDocument = """
        query waspOrders($query: String!, $after: String) { \
        orders(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) { \
        nodes { legacyResourceId name number createdAt updatedAt cancelledAt cancelReason email phone test \
        paymentGatewayNames totalPriceSet { shopMoney { amount currencyCode } } \
        customer { legacyResourceId firstName lastName defaultPhoneNumber { phoneNumber } } \
        shippingAddress { name phone countryCodeV2 } billingAddress { name phone countryCodeV2 } \
        customAttributes { key value } lineItems(first: 100) { nodes { title quantity } } } \
        pageInfo { hasNextPage endCursor } } }
        """

    /// Every order created or updated (a cancel updates it) at or after `since`, all pages.
    public func orders(updatedSince since: Date) -> OrdersPull {
        let query = JSONValue.string("updated_at:>='\(Timestamp.string(since))'")
        var found: [ShopifyOrder] = []
        var cursor = JSONValue.null
        while true {
            switch call(Self.ordersDocument, ["query": query, "after": cursor]) {
            case .failure(let answer): return .failed(answer)
            case .success(let data):
                let page = data["orders"]
                found += page["nodes"].array.map(ShopifyOrder.init(node:))
                guard page["pageInfo"]["hasNextPage"].bool, let next = page["pageInfo"]["endCursor"].string else { return .found(found) }
                cursor = .string(next)
            }
        }
    }
}

/// What asking Shopify for the recent orders gave: the orders, or why there are none.
public enum OrdersPull: Sendable {
    case found([ShopifyOrder])
    case failed(AdminAnswer)
}

/// One order as the `orders` query gives it, and as the orders/create webhook would have: the same REST-shaped
/// body, so the order file is made by the same code whichever way the order came.
public struct ShopifyOrder: Sendable {
    public let node: JSONValue

    public init(node: JSONValue) {
        self.node = node
    }

    public var createdAt: Date? { node["createdAt"].string.flatMap(Timestamp.date) }
    public var cancelledAt: String? { node["cancelledAt"].string }

    /// The orders/create body Shopify would have posted, with the fields wasp reads.
    public var webhookBody: Data {
        let shopMoney = node["totalPriceSet"]["shopMoney"]
        let customer = node["customer"]
        let body: JSONValue = .object([
            "id": node["legacyResourceId"], "name": node["name"], "order_number": node["number"],
            "created_at": node["createdAt"], "email": node["email"], "phone": node["phone"], "test": node["test"],
            "total_price": Self.restMoney(shopMoney["amount"]), "currency": shopMoney["currencyCode"],
            "payment_gateway_names": node["paymentGatewayNames"],
            "customer": customer.isObject ? .object([
                "id": customer["legacyResourceId"], "first_name": customer["firstName"], "last_name": customer["lastName"],
                "phone": customer["defaultPhoneNumber"]["phoneNumber"],
            ]) : .null,
            "shipping_address": Self.address(node["shippingAddress"]), "billing_address": Self.address(node["billingAddress"]),
            "line_items": .array(node["lineItems"]["nodes"].array.map { .object(["title": $0["title"], "quantity": $0["quantity"]]) }),
            "note_attributes": .array(node["customAttributes"].array.map { .object(["name": $0["key"], "value": $0["value"]]) }),
        ])
        return Data(body.serialized.utf8)
    }

    /// The orders/cancelled body: what the scheduler reads of it.
    public var cancelBody: Data {
        let body: JSONValue = .object(["id": node["legacyResourceId"], "name": node["name"], "cancelled_at": node["cancelledAt"],
                                       "cancel_reason": node["cancelReason"].string.map { .string($0.lowercased()) } ?? .null])
        return Data(body.serialized.utf8)
    }

    /// GraphQL's Decimal (`140.0`) as the webhook writes money (`140.00`), so the message reads the same.
    static func restMoney(_ amount: JSONValue) -> JSONValue {
        guard let text = amount.text, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return amount }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return amount }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return .string(parts[0] + "." + fraction + String(repeating: "0", count: max(0, 2 - fraction.count)))
    }

    private static func address(_ address: JSONValue) -> JSONValue {
        guard address.isObject else { return .null }
        return .object(["name": address["name"], "phone": address["phone"], "country_code": address["countryCodeV2"]])
    }
}
