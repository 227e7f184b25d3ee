import JSON
import Spool

extension OrderRecord.PhoneChoice {
    /// The first usable phone of the order, its shipping address, billing address and customer, in that order.
    /// Each is read with its own address's country where it has one, else `orderCountry`. None usable records
    /// why, never a guess.
    static func choose(from order: JSONValue, orderCountry: String?) -> OrderRecord.PhoneChoice {
        let shipping = order["shipping_address"]
        let billing = order["billing_address"]
        let candidates: [(source: String, written: String?, country: String?)] = [
            ("order", order["phone"].text, orderCountry),
            ("shipping_address", shipping["phone"].text, shipping["country_code"].text ?? orderCountry),
            ("billing_address", billing["phone"].text, billing["country_code"].text ?? orderCountry),
            ("customer", order["customer"]["phone"].text, orderCountry),
            ("customer.default_address", order["customer"]["default_address"]["phone"].text,
             order["customer"]["default_address"]["country_code"].text ?? orderCountry),
        ]
        var problems: [String] = []
        for candidate in candidates {
            guard let written = candidate.written else { continue }
            switch PhoneNumber.normalise(written, country: candidate.country) {
            case .success(let e164):
                return OrderRecord.PhoneChoice(asWritten: written, e164: e164, source: candidate.source, problem: nil)
            case .failure(let problem):
                problems.append("\(candidate.source): \(problem.text)")
            }
        }
        let problem = problems.isEmpty
            ? "no phone in the order (Shopify withholds customer data from apps without protected-data access)"
            : "no usable phone: " + problems.joined(separator: "; ")
        return OrderRecord.PhoneChoice(asWritten: candidates.lazy.compactMap(\.written).first, e164: nil,
                                       source: nil, problem: problem)
    }
}
