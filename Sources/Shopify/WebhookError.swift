/// Why a verified webhook body cannot be stored; each answers 400, so Shopify's delivery log shows the reason.
public enum WebhookError: Error, Equatable, CustomStringConvertible {
    case notJSONObject
    case noOrderID
    case badQuantity

    public var description: String {
        switch self {
        case .notJSONObject: return "body is not a JSON object"
        case .noOrderID: return "body has no numeric order id (\"id\")"
        case .badQuantity: return "a line item's \"quantity\" is not a whole number from 0 to \(Int.max)"
        }
    }
}
