import JSON

/// One template message as Meta's Cloud API takes it (`POST /<phone-number-id>/messages`).
public struct CloudMessage: Sendable, Equatable {
    /// The customer's number, E.164 digits without the +.
    public let to: String
    public let template: String
    public let language: String
    /// The template's body parameters, in order.
    public let parameters: [String]
    /// Comes back in every status callback: `<tenant>/<order id>`.
    public let callbackData: String
    /// The payloads of the template's quick-reply buttons, in order (`confirm:<id>`, `cancel:<id>`); a tap comes
    /// back with its payload.
    public let buttons: [String]

    public init(to: String, template: String, language: String, parameters: [String], callbackData: String,
                buttons: [String] = []) {
        self.to = to
        self.template = template
        self.language = language
        self.parameters = parameters
        self.callbackData = callbackData
        self.buttons = buttons
    }

    var json: JSONValue {
        var template: [String: JSONValue] = ["name": .string(self.template), "language": ["code": .string(language)]]
        var components: [JSONValue] = []
        if !parameters.isEmpty {
            components.append(["type": "body", "parameters": .array(parameters.map { ["type": "text", "text": .string($0)] })])
        }
        for (index, payload) in buttons.enumerated() {
            components.append(["type": "button", "sub_type": "quick_reply", "index": .string(String(index)),
                               "parameters": [["type": "payload", "payload": .string(payload)]]])
        }
        if !components.isEmpty { template["components"] = .array(components) }
        return ["messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(to), "type": "template",
                "template": .object(template), "biz_opaque_callback_data": .string(callbackData)]
    }
}
