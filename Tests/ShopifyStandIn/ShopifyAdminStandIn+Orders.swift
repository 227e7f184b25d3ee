import Foundation
import JSON

/// The shop's orders as the Admin API's `orders` query gives them: filtered by Shopify's search syntax on
/// `created_at` and `updated_at` (`field:>=value`, `>`, `<=`, `<`, terms joined by spaces or `AND`, alternatives by
/// `OR`; any other field is an error, as Shopify's stricter search would drop it), sorted by `sortKey`, and paged with
/// `first`/`after` and `pageInfo { hasNextPage endCursor }`, at most `ordersPageLimit` a page. A placed order is only
/// in the shop: whether its webhook arrives is the test's business.
extension ShopifyAdminStandIn {
    /// An order like `SampleOrder.body(id:number:)`, as the GraphQL API shows it.
    public struct ShopOrder: Sendable {
        public let id: String
        public let number: Int
        public var createdAt: Date
        public var updatedAt: Date
        public var cancelledAt: Date?

        /// Placed now, or `createdAt` earlier and touched now (as when the merchant edits it).
        public init(id: String, number: Int, createdAt: Date = Date()) {
            self.id = id
            self.number = number
            self.createdAt = createdAt
            updatedAt = max(createdAt, Date())
        }
    }

    /// Shopify takes an order (its webhook is another matter).
    public func place(_ order: ShopOrder) {
        state.withLock { $0.shopOrders[order.id] = order }
    }

    /// The merchant cancels the order in the Shopify admin.
    public func cancelInAdmin(_ id: String, at date: Date = Date()) {
        state.withLock { state in
            state.shopOrders[id]?.cancelledAt = date
            state.shopOrders[id]?.updatedAt = date
            state.orders[id, default: Order()].cancelled = true
        }
    }

    /// How many `orders` pages were asked for.
    public var orderPages: Int { state.withLock { $0.orderPages } }

    /// The `errors` answer for an `orders` query whose search Shopify would not take; nil for any other document.
    func ordersQueryProblem(_ query: String, _ variables: JSONValue) -> JSONValue? {
        guard query.contains("orders("), OrderFilter(variables["query"].string ?? "") == nil else { return nil }
        return ["errors": [["message": .string("Invalid search query: \(variables["query"].string ?? "none")")]]]
    }

    func ordersAnswer(_ query: String, _ variables: JSONValue) -> JSONValue {
        let filter = OrderFilter(variables["query"].string ?? "")!
        let first = Int(query.firstMatch(of: /orders\(first: (\d+)/)?.1 ?? "50") ?? 50
        let byUpdate = query.contains("sortKey: UPDATED_AT")
        return state.withLock { state -> JSONValue in
            state.orderPages += 1
            let sorted = state.shopOrders.values.filter(filter.admits)
                .sorted { byUpdate ? ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) : $0.id < $1.id }
            let matching = query.contains("reverse: true") ? Array(sorted.reversed()) : sorted
            let start = variables["after"].string.flatMap { cursor in matching.firstIndex { "cursor-" + $0.id == cursor }.map { $0 + 1 } } ?? 0
            let page = Array(matching.dropFirst(start).prefix(min(first, ordersPageLimit)))
            let hasNext = start + page.count < matching.count
            return ["orders": ["nodes": .array(page.map { Self.node($0, customerData: state.customerData) }),
                               "pageInfo": ["hasNextPage": .bool(hasNext), "endCursor": page.last.map { .string("cursor-" + $0.id) } ?? .null]]]
        }
    }

    /// The order in the query's shape: the same customer, phone, items and money as `SampleOrder`; without
    /// `customerData`, the customer's fields are null, as Shopify answers an app not granted them.
    private static func node(_ order: ShopOrder, customerData: Bool) -> JSONValue {
        let address: JSONValue = customerData
            ? ["name": "Bob Norman", "address1": "Chestnut Street 92", "phone": "+1 (502) 459-2181", "countryCodeV2": "US"] : .null
        return [
            "legacyResourceId": .string(order.id), "name": .string("#\(order.number)"), "number": .number("\(order.number)"),
            "createdAt": .string(stamp(order.createdAt)), "updatedAt": .string(stamp(order.updatedAt)),
            "cancelledAt": order.cancelledAt.map { .string(stamp($0)) } ?? .null,
            "cancelReason": order.cancelledAt == nil ? .null : "CUSTOMER",
            "email": "bob.norman@mail.example.com", "phone": .null, "test": false,
            "paymentGatewayNames": ["Cash on Delivery (COD)"],
            "totalPriceSet": ["shopMoney": ["amount": "140.0", "currencyCode": "USD"]],
            "customer": ["legacyResourceId": .string(order.id), "firstName": customerData ? "Bob" : .null,
                         "lastName": customerData ? "Norman" : .null, "defaultPhoneNumber": .null],
            "shippingAddress": address, "billingAddress": address,
            "customAttributes": [["key": "Delivery slot", "value": "Tomorrow 10:00-12:00"]],
            "lineItems": ["nodes": .array((1...3).map { ["title": .string("Sample item \($0)"), "quantity": .number("\($0)")] })],
        ]
    }

    private static func stamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }
}

/// Shopify's search syntax, as far as the stand-in knows it: `created_at`/`updated_at` compared with a time.
struct OrderFilter {
    struct Term {
        let field: String
        let comparison: String
        let value: Date

        func admits(_ order: ShopifyAdminStandIn.ShopOrder) -> Bool {
            let date = field == "created_at" ? order.createdAt : order.updatedAt
            switch comparison {
            case ">=": return date >= value
            case ">": return date > value
            case "<=": return date <= value
            default: return date < value
            }
        }
    }

    /// Alternatives (`OR`), each a conjunction of terms.
    let alternatives: [[Term]]

    init?(_ text: String) {
        var alternatives: [[Term]] = []
        for alternative in text.components(separatedBy: " OR ") {
            var terms: [Term] = []
            for word in alternative.split(separator: " ") where word != "AND" {
                guard let match = word.wholeMatch(of: /(created_at|updated_at):(>=|<=|>|<)['"]?([^'"]+)['"]?/),
                      let date = try? Date(String(match.3), strategy: Date.ISO8601FormatStyle()) else { return nil }
                terms.append(Term(field: String(match.1), comparison: String(match.2), value: date))
            }
            alternatives.append(terms)
        }
        self.alternatives = alternatives
    }

    func admits(_ order: ShopifyAdminStandIn.ShopOrder) -> Bool {
        alternatives.contains { $0.allSatisfy { $0.admits(order) } }
    }
}
