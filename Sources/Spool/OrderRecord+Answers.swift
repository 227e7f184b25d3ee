import JSON

extension OrderRecord.Answer {
    /// The answer in a merchant's words, for `wasp show` and the dashboard.
    public var words: String {
        let what: String
        switch meaning {
        case .confirm: what = "confirmed"
        case .cancel: what = "asked to cancel"
        case .unclear: what = "wrote"
        case .stop: what = "opted out"
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
    case optedOut = "opted-out"

    /// From an order's own fields: whether it asked, the meaning of its last clear answer, whether it expired, and
    /// whether the customer opted out (which ends the waiting). Nil when it did not ask. The dashboard's index calls
    /// this on the file's JSON without decoding the record.
    public static func of(asked: Bool, lastClearMeaning: AnswerWords.Meaning?, expired: Bool,
                          optedOut: Bool = false) -> AnswerStanding? {
        guard asked else { return nil }
        switch lastClearMeaning {
        case .confirm?: return .confirmed
        case .cancel?: return .cancelled
        default: return optedOut ? .optedOut : expired ? .noAnswer : .waiting
        }
    }

    public var words: String {
        switch self {
        case .confirmed: return "confirmed by the customer"
        case .waiting: return "waiting for the customer"
        case .cancelled: return "cancelled by the customer"
        case .noAnswer: return "no answer"
        case .optedOut: return "opted out"
        }
    }
}

extension AnswerStanding {
    /// The standing, and whether the latest reply needs a person, from an order file's JSON without decoding the
    /// record: the dashboard's index and `wasp status` read thousands of files.
    public static func of(file json: JSONValue) -> (standing: AnswerStanding?, needsYou: Bool) {
        let meanings = json["answers"].array.compactMap { $0["meaning"].string.flatMap(AnswerWords.Meaning.init) }
        let optedOut = json["opted_out_at"].string != nil
        let standing = AnswerStanding.of(asked: json["asked"] == .bool(true),
                                         lastClearMeaning: meanings.last { $0 == .confirm || $0 == .cancel },
                                         expired: json["no_answer_at"].string != nil, optedOut: optedOut)
        return (standing, meanings.last == .unclear && !optedOut)
    }
}

extension OrderRecord {
    /// Nil when the order did not ask.
    public var answerStanding: AnswerStanding? {
        .of(asked: asked == true, lastClearMeaning: decisiveAnswer?.meaning, expired: noAnswerAt != nil,
            optedOut: optedOutAt != nil)
    }

    /// True when the customer's latest reply is neither yes, no nor stop: someone has to read it.
    public var needsYou: Bool { answers?.last?.meaning == .unclear && optedOutAt == nil }

    /// Where the customer's answer stands, in words; nil when the order did not ask.
    public var answerSummary: String? { answerStanding?.words }
}
