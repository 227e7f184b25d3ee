extension OrderRecord.Answer {
    /// The answer in a merchant's words, for `wasp show` and the dashboard.
    public var words: String {
        let what: String
        switch meaning {
        case .confirm: what = "confirmed"
        case .cancel: what = "asked to cancel"
        case .unclear: what = "wrote"
        }
        let how = button != nil ? "tapped \(meaning == .confirm ? "Confirm" : "Cancel")"
            : text.map { "“\($0)”" } ?? "no words"
        let via = provider == "cloud" ? "Cloud API" : "WhatsApp Web"
        return "\(what): \(how) (\(via))" + (late == true ? ", after the answer window closed" : "")
    }
}

extension OrderRecord {
    /// Where the customer's answer stands, in words; nil when the order did not ask.
    public var answerSummary: String? {
        guard asked == true else { return nil }
        if let decisive = decisiveAnswer {
            return decisive.meaning == .confirm ? "confirmed by customer" : "cancelled by customer"
        }
        return noAnswerAt == nil ? "asked, no answer yet" : "no answer"
    }
}
