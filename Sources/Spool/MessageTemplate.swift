/// A confirmation message with `{placeholder}`s filled from the order, e.g.
/// `Hello {customer_name}, your order {order_name} of {currency} {total_price} is confirmed!`.
public struct MessageTemplate: Sendable, Equatable {
    /// The old system's message, kept word for word.
    public static let standard = MessageTemplate(
        unchecked: "Hello {customer_name}, your order {order_name} of {currency} {total_price} is confirmed!")

    /// The same with `confirm.ask = yes`, for WhatsApp Web, where the customer answers by typing.
    public static let standardAsking = MessageTemplate(unchecked: standard.text + "\nReply 1 to confirm or 2 to cancel.")

    /// Each placeholder's value; the customer's own words (name, delivery slot) pass through `CustomerText`, the
    /// template's text never does.
    public static let placeholders: [String: @Sendable (OrderRecord) -> String] = [
        "customer_name": { $0.customer.name.flatMap(CustomerText.defused) ?? "there" },
        "order_name": { $0.name ?? "#\($0.orderNumber ?? $0.orderID)" },
        "order_number": { $0.orderNumber ?? $0.orderID },
        "currency": { $0.currency ?? "" },
        "total_price": { $0.totalPrice ?? "" },
        "shop": { $0.shopDomain ?? "" },
        "gateway": { $0.gateway ?? "" },
        "delivery_slot": { $0.deliverySlot.flatMap(CustomerText.defused) ?? "" },
        "line_items": { $0.lineItems.map { "\($0.quantity) x \($0.title)" }.joined(separator: ", ") },
    ]

    public let text: String

    /// Nil, with the reason, when the text names a placeholder there is no value for.
    public static func parse(_ text: String) -> Result<MessageTemplate, ValueProblem> {
        if text.isEmpty { return .failure("is empty") }
        for name in names(in: text) where placeholders[name] == nil {
            let known = placeholders.keys.sorted().map { "{\($0)}" }.joined(separator: " ")
            return .failure("unknown placeholder {\(name)}; known: \(known)")
        }
        return .success(MessageTemplate(unchecked: text))
    }

    private init(unchecked text: String) {
        self.text = text
    }

    /// The message for `order`.
    public func render(_ order: OrderRecord) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            output += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            output += Self.placeholders[name]?(order) ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
