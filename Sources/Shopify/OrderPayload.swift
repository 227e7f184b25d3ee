import Foundation
import JSON
import Spool

/// Turns an orders/create body into the order file: the fields the pipeline and dashboard need, the chosen phone,
/// and the rendered message.
public struct OrderPayload {
    public let order: JSONValue
    public let id: OrderID
    /// Read when the body arrives, so a quantity no Int holds answers 400 instead of becoming a made-up number.
    private let lineItems: [OrderRecord.LineItem]

    public init(_ body: Data) throws(WebhookError) {
        guard let order = JSONValue.parse(body), order.isObject else { throw .notJSONObject }
        guard let id = OrderID(json: order["id"]) else { throw .noOrderID }
        self.order = order
        self.id = id
        lineItems = try order["line_items"].array.map { item throws(WebhookError) in
            OrderRecord.LineItem(title: item["title"].text ?? item["name"].text ?? "item",
                                 quantity: try Self.quantity(item["quantity"]))
        }
    }

    /// The order file for `tenant`, received at `received` and due `delay` later.
    public func record(tenant: TenantConfig, received: Date, webhookID: String?, shopDomain: String?) -> OrderRecord {
        let shipping = order["shipping_address"]
        let billing = order["billing_address"]
        let country = shipping["country_code"].text ?? billing["country_code"].text ?? tenant.defaultCountry
        var record = OrderRecord(
            tenant: tenant.tenant.rawValue,
            orderID: id.rawValue,
            name: order["name"].text,
            orderNumber: order["order_number"].text,
            createdAt: order["created_at"].text,
            customer: OrderRecord.Customer(name: customerName(), id: order["customer"]["id"].text,
                                           email: order["email"].text ?? order["customer"]["email"].text),
            phone: OrderRecord.PhoneChoice.choose(from: order, orderCountry: country),
            country: country,
            totalPrice: order["total_price"].text,
            currency: order["currency"].text,
            gateway: order["gateway"].text ?? gatewayNames(),
            lineItems: lineItems,
            deliverySlot: deliverySlot(),
            shopDomain: shopDomain,
            isTest: order["test"].bool,
            receivedAt: Timestamp.string(received),
            dueAt: Timestamp.string(received.addingTimeInterval(tenant.delay)),
            webhookID: webhookID,
            message: "",
            attempts: []
        )
        switch tenant.confirm.verdict(for: confirmFacts()) {
        case .ask:
            record.message = tenant.template.render(record)
        case .plain(let reason):
            record.notAsked = reason
            record.message = tenant.confirm.plainTemplate.render(record)
        case .skip(let reason):
            record.notAsked = reason
            record.skip = true
        }
        return record
    }

    /// What the tenant's `confirm.*` rules look at.
    func confirmFacts() -> ConfirmRules.Facts {
        let names = [order["gateway"].text].compactMap { $0 } + order["payment_gateway_names"].array.compactMap(\.text)
        let country = order["shipping_address"]["country_code"].text ?? order["billing_address"]["country_code"].text
        let tags = (order["tags"].text ?? "").split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        return ConfirmRules.Facts(gatewayNames: names, paymentLabel: paymentLabel(), total: order["total_price"].text,
                                  country: country, tags: tags)
    }

    /// Words of a checkout attribute that names the payment method, where COD form apps write it when Shopify's
    /// gateway stays blank ("Payment method: Cash on delivery", "طريقة الدفع: الدفع عند الاستلام").
    private func paymentLabel() -> String? {
        let names = ["payment", "paiement", "pago", "pagamento", "zahlung", "دفع", "भुगतान", "ادائیگی"]
        return order["note_attributes"].array.first { attribute in
            let name = AnswerWords.folded(attribute["name"].text ?? "")
            return names.contains { name.contains($0) }
        }?["value"].text
    }

    /// A whole number from 0 up, as a JSON number or digit string; 1 when the item does not say.
    private static func quantity(_ value: JSONValue) throws(WebhookError) -> Int {
        guard let text = value.text else { return 1 }
        guard let quantity = Int(text), quantity >= 0 else { throw .badQuantity }
        return quantity
    }

    /// The customer's name from the customer record, else the shipping or billing address.
    private func customerName() -> String? {
        let customer = order["customer"]
        let full = [customer["first_name"].text, customer["last_name"].text].compactMap { $0 }.joined(separator: " ")
        return [full, order["shipping_address"]["name"].text ?? "", order["billing_address"]["name"].text ?? ""]
            .map(\.trimmingSpaces)
            .first { !$0.isEmpty }
    }

    private func gatewayNames() -> String? {
        let names = order["payment_gateway_names"].array.compactMap(\.text)
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// Delivery date or time slot chosen at checkout, which apps store as note attributes.
    private func deliverySlot() -> String? {
        let slot = order["note_attributes"].array.compactMap { attribute -> String? in
            guard let name = attribute["name"].text, let value = attribute["value"].text else { return nil }
            let lowered = name.lowercased()
            return lowered.contains("deliver") || lowered.contains("slot") ? "\(name): \(value)" : nil
        }
        return slot.isEmpty ? nil : slot.joined(separator: "; ")
    }
}

extension OrderID {
    /// An id as a JSON integer or a digit string (some proxies quote large numbers).
    public init?(json value: JSONValue) {
        guard let text = value.text, !text.allSatisfy({ $0 == "0" }) else { return nil }
        self.init(text)
    }
}
