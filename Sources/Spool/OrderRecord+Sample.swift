import Foundation

extension OrderRecord {
    /// A made-up order with every field filled, for `wasp bench` and the tests; the name carries markup on purpose,
    /// so whatever shows it must escape it.
    public static func sample(tenant: TenantID, id: String, received: Date = Date(),
                              customerID: String = "191167") -> OrderRecord {
        OrderRecord(
            tenant: tenant.rawValue, orderID: id, name: "#\(id.suffix(4))", orderNumber: String(id.suffix(4)),
            createdAt: Timestamp.string(received),
            customer: Customer(name: "Jane <b>Doe</b>", id: customerID, email: "jane@example.com"),
            phone: PhoneChoice(asWritten: "+61 2 9876 5432", e164: "+61298765432", source: "order", problem: nil),
            country: "AU", totalPrice: "10.00", currency: "AUD", gateway: "cod",
            lineItems: [LineItem(title: "Tea", quantity: 2)], deliverySlot: "Delivery: Monday",
            shopDomain: nil, isTest: false, receivedAt: Timestamp.string(received), dueAt: Timestamp.string(received),
            webhookID: nil, message: "Hello Jane, your order \(id) is confirmed!", attempts: [])
    }
}
