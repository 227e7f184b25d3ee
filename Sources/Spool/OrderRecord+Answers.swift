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

/// Where an asked order's answer stands, as the dashboard filters and counts it.
public enum AnswerStanding: String, CaseIterable, Sendable {
    case confirmed = "confirmed-by-customer", waiting = "asked", cancelled = "cancelled-by-customer", noAnswer = "no-answer"

    public var words: String {
        switch self {
        case .confirmed: return "confirmed by customer"
        case .waiting: return "asked, no answer yet"
        case .cancelled: return "cancelled by customer"
        case .noAnswer: return "no answer"
        }
    }
}

extension OrderRecord {
    /// Nil when the order did not ask.
    public var answerStanding: AnswerStanding? {
        guard asked == true else { return nil }
        if let decisive = decisiveAnswer { return decisive.meaning == .confirm ? .confirmed : .cancelled }
        return noAnswerAt == nil ? .waiting : .noAnswer
    }

    /// Where the customer's answer stands, in words; nil when the order did not ask.
    public var answerSummary: String? { answerStanding?.words }
}
