import Foundation
import JSON
import Spool

/// A customer's reply to our question, as Meta's callback (`entry[].changes[].value.messages[]`) or the sender's
/// reading of a WhatsApp Web chat (`whatsapp/answer` in `events/`) brought it.
struct CustomerAnswer: Sendable, Equatable {
    /// The customer's number, digits only.
    let from: String
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
            guard let from = message["from"].text else { return nil }
            let at = message["timestamp"].text.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? received
            let button = message["button"]["payload"].string ?? message["interactive"]["button_reply"]["id"].string
            let text = message["text"]["body"].string ?? message["button"]["text"].string
                ?? message["interactive"]["button_reply"]["title"].string
            guard text != nil || button != nil else { return nil }
            return CustomerAnswer(from: digits(from), text: text, button: button, repliesTo: message["context"]["id"].string,
                                  at: at, provider: "cloud")
        }
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
