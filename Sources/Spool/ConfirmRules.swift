import Foundation

/// Which orders are asked to confirm (`confirm.gateways`, `confirm.min_total`, `confirm.max_total`,
/// `confirm.countries`, `confirm.skip_tags`) and what the others get (`confirm.others = plain | skip`). Empty
/// rules ask every order, as before they existed.
public struct ConfirmRules: Sendable, Equatable {
    /// Folded substrings, any of which in a gateway name (or the payment label) makes the order cash on delivery.
    public var gateways: [String] = []
    public var minTotal: Decimal?
    public var maxTotal: Decimal?
    /// Shipping country codes, upper case.
    public var countries: Set<String> = []
    /// Folded order tags that keep an order from being asked.
    public var skipTags: Set<String> = []
    public var others = Others.plain

    public enum Others: String, Sendable { case plain, skip }

    /// What an order gets: the question, or, with the reason in a merchant's words, the plain message or nothing.
    public enum Verdict: Sendable, Equatable {
        case ask
        case plain(String)
        case skip(String)
    }

    /// What the rules look at, as the order's webhook carries it.
    public struct Facts: Sendable, Equatable {
        public var gatewayNames: [String]
        /// The payment method as the checkout named it when Shopify leaves the gateway blank.
        public var paymentLabel: String?
        public var total: String?
        public var country: String?
        public var tags: [String]

        public init(gatewayNames: [String], paymentLabel: String?, total: String?, country: String?, tags: [String]) {
            self.gatewayNames = gatewayNames
            self.paymentLabel = paymentLabel
            self.total = total
            self.country = country
            self.tags = tags
        }
    }

    public init() {}

    static let keys = ["confirm.gateways", "confirm.min_total", "confirm.max_total", "confirm.countries",
                       "confirm.skip_tags", "confirm.others"]

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> ConfirmRules {
        var rules = ConfirmRules()
        rules.gateways = try reader.value("confirm.gateways", default: [], foldedList)
        rules.minTotal = try reader.value("confirm.min_total", amount)
        rules.maxTotal = try reader.value("confirm.max_total", amount)
        rules.countries = Set(try reader.value("confirm.countries", default: [], countryList))
        rules.skipTags = Set(try reader.value("confirm.skip_tags", default: [], foldedList))
        rules.others = try reader.value("confirm.others", default: .plain) { text in
            Others(rawValue: text).map { .success($0) } ?? .failure("'\(text)' is neither plain nor skip")
        }
        if let low = rules.minTotal, let high = rules.maxTotal, low > high {
            throw reader.error("confirm.max_total", "is below confirm.min_total")
        }
        return rules
    }

    /// The rules in a merchant's words, for the Settings tab; nil when every order is asked.
    public var summary: String? {
        let parts = [gateways.isEmpty ? nil : "paid by " + gateways.joined(separator: " or "),
                     minTotal.map { "total at least \($0)" }, maxTotal.map { "total at most \($0)" },
                     countries.isEmpty ? nil : "shipped to " + countries.sorted().joined(separator: ", "),
                     skipTags.isEmpty ? nil : "not tagged " + skipTags.sorted().joined(separator: ", ")].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        return "only orders " + parts.joined(separator: ", ") + (others == .skip ? "; the others get no message" : "; the others are told, not asked")
    }

    /// The first rule the order fails names the reason; an order that passes them all is asked.
    public func verdict(for facts: Facts) -> Verdict {
        guard let reason = reasonNotToAsk(facts) else { return .ask }
        return others == .skip ? .skip(reason) : .plain(reason)
    }

    private func reasonNotToAsk(_ facts: Facts) -> String? {
        let tags = facts.tags.map(AnswerWords.folded)
        if let tag = tags.first(where: skipTags.contains) { return "tagged \(tag)" }
        if !gateways.isEmpty && !isCashOnDelivery(facts) {
            return facts.gatewayNames.allSatisfy(\.trimmingSpaces.isEmpty) && facts.paymentLabel == nil
                ? "no payment method on the order" : "paid online"
        }
        if !countries.isEmpty, let country = facts.country?.uppercased(), !countries.contains(country) {
            return "ships to \(country)"
        }
        guard let total = facts.total.flatMap(Self.decimal) else { return nil }
        if let minTotal, total < minTotal { return "total \(facts.total!) below \(minTotal)" }
        if let maxTotal, total > maxTotal { return "total \(facts.total!) above \(maxTotal)" }
        return nil
    }

    /// Shopify often leaves a COD order's gateway blank; then the checkout's payment label decides.
    private func isCashOnDelivery(_ facts: Facts) -> Bool {
        let named = facts.gatewayNames.filter { !$0.trimmingSpaces.isEmpty }
        let candidates = named.isEmpty ? [facts.paymentLabel].compactMap { $0 } : named
        return candidates.map(AnswerWords.folded).contains { name in gateways.contains { name.contains($0) } }
    }

    private static func decimal(_ text: String) -> Decimal? {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    private static func amount(_ text: String) -> Result<Decimal, ValueProblem> {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = decimal(text) else {
            return .failure("'\(text)' is not an amount in the shop's currency, like 20 or 19.99")
        }
        return .success(value)
    }

    private static func foldedList(_ text: String) -> Result<[String], ValueProblem> {
        let items = text.split(separator: ",").map { AnswerWords.folded(String($0)) }.filter { !$0.isEmpty }
        return items.isEmpty ? .failure("lists nothing; separate the items with commas") : .success(items)
    }

    private static func countryList(_ text: String) -> Result<[String], ValueProblem> {
        var codes: [String] = []
        for item in text.split(separator: ",") {
            switch ConfigValue.country(item.trimmingCharacters(in: .whitespaces)) {
            case .success(let code): codes.append(code)
            case .failure(let problem): return .failure(problem)
            }
        }
        return codes.isEmpty ? .failure("lists no country; separate the codes with commas") : .success(codes)
    }
}
