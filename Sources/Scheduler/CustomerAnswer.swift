import Foundation
import JSON
import Spool

/// A customer's reply to our question, as Meta's callback (`entry[].changes[].value.messages[]`) or the sender's
/// reading of a WhatsApp Web chat (`whatsapp/answer` in `events/`) brought it. A 👍 or 👎 reaction to our
/// question reads as the same emoji typed.
struct CustomerAnswer: Sendable, Equatable {
    /// The customer's number, digits only; nil when Meta sends only a business-scoped user ID (a customer who
    /// writes from a username), which is never read as a number.
    let from: String?
    /// Meta's business-scoped user ID (`from_user_id`, e.g. `US.13491208655302741918`), as Meta wrote it.
    var userID: String? = nil
    /// A reaction: it counts only for the message it reacts to, never for the customer's latest order.
    var isReaction = false
    let text: String?
    /// A quick-reply button's payload, `confirm:<order id>` or `cancel:<order id>`.
    let button: String?
    /// The message replied to (Cloud API: the `wamid` of our question).
    let repliesTo: String?
    let at: Date
    let provider: String

    /// From WhatsApp Web: the order the sender read it for, and the reply's place after our question (1 = the
    /// first), so a chat read twice records each reply once.
    var order: OrderID? = nil
    var index: Int? = nil

    static func all(inCallback payload: JSONValue, received: Date) -> [CustomerAnswer] {
        payload["entry"].array.flatMap { $0["changes"].array }.flatMap { $0["value"]["messages"].array }.compactMap { message in
            let from = message["from"].text.map(digits), userID = message["from_user_id"].text
            guard from?.isEmpty == false || userID != nil else { return nil }
            let at = message["timestamp"].text.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? received
            let isReaction = message["type"].string == "reaction"
            let button = message["button"]["payload"].string ?? message["interactive"]["button_reply"]["id"].string
            // A reaction taken back comes with an empty emoji: no answer.
            let text = message["text"]["body"].string ?? message["button"]["text"].string
                ?? message["interactive"]["button_reply"]["title"].string ?? message["reaction"]["emoji"].string.flatMap { $0.isEmpty ? nil : $0 }
            guard text != nil || button != nil else { return nil }
            var answer = CustomerAnswer(from: from?.isEmpty == false ? from : nil, text: text, button: button,
                                        repliesTo: isReaction ? message["reaction"]["message_id"].string : message["context"]["id"].string,
                                        at: at, provider: "cloud")
            answer.userID = userID
            answer.isReaction = isReaction
            return answer
        }
    }

    /// Who wrote, for a log line: the number's last 4 digits, else the user ID's.
    var sender: String {
        from.map { "…" + $0.suffix(4) } ?? userID.map { "user ID …" + $0.suffix(4) } ?? "unknown"
    }

    /// The sender's envelope payload: `{"from": "<digits>", "text": "...", "at": "<RFC 3339>", "order": "<id>",
    /// "index": n}` (order and index optional).
    static func web(_ payload: JSONValue, received: Date) -> CustomerAnswer? {
        guard let from = payload["from"].text, let text = payload["text"].string else { return nil }
        var answer = CustomerAnswer(from: digits(from), text: text, button: nil, repliesTo: nil,
                                    at: payload["at"].text.flatMap(Timestamp.date) ?? received, provider: "web")
        answer.order = payload["order"].text.flatMap { OrderID($0) }
        answer.index = payload["index"].text.flatMap { Int($0) }
        return answer
    }

    /// The order a button names, and what it means.
    var buttonChoice: (OrderID, AnswerWords.Meaning)? {
        guard let button, let colon = button.firstIndex(of: ":"), let id = OrderID(String(button[button.index(after: colon)...])) else {
            return nil
        }
        switch button[..<colon] {
        case "confirm": return (id, .confirm)
        case "cancel": return (id, .cancel)
        default: return nil
        }
    }

    func meaning(_ words: AnswerWords) -> AnswerWords.Meaning {
        buttonChoice?.1 ?? text.map(words.meaning) ?? .unclear
    }

    private static func digits(_ text: String) -> String {
        String(text.filter(\.isASCII).filter(\.isNumber))
    }
}
