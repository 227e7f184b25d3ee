/// Where an order stands in a merchant's words, for the dashboard, its API (`progress`) and `wasp status`: "sent"
/// when the message asked nothing, "waiting for the customer" when it asked, and the customer's answer when there
/// is one, beside the states of the spool.
public enum OrderProgress: String, CaseIterable, Sendable {
    case pending
    case sent
    case waiting = "waiting for the customer"
    case confirmedByCustomer = "confirmed by the customer"
    case cancelledByCustomer = "cancelled by the customer"
    case noAnswer = "no answer"
    case optedOut = "opted out"
    case notMessaged = "not messaged"
    case cancelled, delivered, failed

    /// From the order's directory and where its answer stands (nil when it asked nothing).
    public init(_ state: SpoolDirectory, answer: AnswerStanding?) {
        switch state {
        case .skipped: self = .notMessaged
        case .failed: self = .failed
        case .delivered: self = .delivered
        case .cancelled: self = answer == .cancelled ? .cancelledByCustomer : .cancelled
        case .sent, .confirmed:
            switch answer {
            case nil: self = .sent
            case .waiting?: self = .waiting
            case .confirmed?: self = .confirmedByCustomer
            case .cancelled?: self = .cancelledByCustomer
            case .noAnswer?: self = .noAnswer
            case .optedOut?: self = .optedOut
            }
        default: self = .pending
        }
    }

    public var words: String { rawValue }

    /// Why an order to a number on the do-not-message list is not messaged.
    public static let optedOutReason = "the customer opted out"

    /// For a CSS class or a URL: the words with hyphens.
    public var slug: String { rawValue.replacingOccurrences(of: " ", with: "-") }
}

extension OrderRecord {
    /// The order's progress in words, with the reason of an order not messaged ("not messaged: paid online").
    public func progressWords(in state: SpoolDirectory) -> String {
        let progress = OrderProgress(state, answer: answerStanding)
        guard progress == .notMessaged, let reason = notMessaged else { return progress.words }
        return progress.words + ": " + reason
    }
}
