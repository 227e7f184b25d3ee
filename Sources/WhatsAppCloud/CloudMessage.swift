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

    public init(to: String, template: String, language: String, parameters: [String], callbackData: String) {
        self.to = to
        self.template = template
        self.language = language
        self.parameters = parameters
        self.callbackData = callbackData
    }

    var json: JSONValue {
        var template: [String: JSONValue] = ["name": .string(self.template), "language": ["code": .string(language)]]
        if !parameters.isEmpty {
            template["components"] = [["type": "body",
                                       "parameters": .array(parameters.map { ["type": "text", "text": .string($0)] })]]
        }
        return ["messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(to), "type": "template",
                "template": .object(template), "biz_opaque_callback_data": .string(callbackData)]
    }
}
