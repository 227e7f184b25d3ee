import Foundation
import JSON

/// What the Cloud API said to one message: accepted with its id (`wamid.…`), or refused, sorted by what wasp must
/// do about it. Only Meta's error `code` decides, never its message text, which Meta words differently over time.
public enum CloudAnswer: Equatable, Sendable {
    case accepted(messageID: String, status: String?)
    /// The number has no WhatsApp (131026, or 100 about the recipient): the order fails.
    case notOnWhatsApp(String)
    /// Worth another try: rate limits, Meta's own trouble, a timeout, no connection; `retryAfter` when Meta said.
    case retryLater(String, retryAfter: TimeInterval?)
    /// Only the operator or the merchant can fix it (the token, the template, the account): the order waits and
    /// the tenant's state says so, in words.
    case accountProblem(String)

    static let retryCodes: Set<Int> = [130429, 131056, 131057, 131000, 4, 80007]
    static let accountCodes: [Int: String] = [
        190: "the access token has expired or is not valid", 0: "the access token was refused",
        131031: "the WhatsApp business account is locked", 131048: "Meta limits this number for spam reports",
        368: "Meta has restricted this account for policy reasons",
        132001: "the template does not exist in that language", 132000: "the template's parameters do not match it",
        132015: "the template is paused", 132016: "the template is disabled",
    ]

    /// From the HTTP status, the body and a `Retry-After` header.
    static func from(status: Int, body: Data, retryAfter: String?, template: String, language: String) -> CloudAnswer {
        let json = JSONValue.parse(body) ?? .null
        if (200..<300).contains(status), let id = json["messages"].array.first?["id"].string {
            return .accepted(messageID: id, status: json["messages"].array.first?["message_status"].string)
        }
        let error = json["error"]
        let code = error["code"].text.flatMap { Int($0) }
        let detail = "HTTP \(status)" + (code.map { ", code \($0)" } ?? "") + (error["type"].string.map { ", \($0)" } ?? "")
        let wait = retryAfter.flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
        switch code {
        case 131026?: return .notOnWhatsApp("not on WhatsApp (\(detail))")
        case 100? where error["error_data"]["details"].string?.lowercased().contains("phone") == true:
            return .notOnWhatsApp("not a WhatsApp number (\(detail))")
        case let code? where accountCodes[code] != nil:
            let words = code == 132001 ? "template \(template) is not approved in \(language)" : accountCodes[code]!
            return .accountProblem("\(words) (\(detail))")
        case let code? where retryCodes.contains(code): return .retryLater("Meta asked to slow down or try again (\(detail))", retryAfter: wait)
        default:
            if status == 429 || status >= 500 { return .retryLater("Meta's API answered \(detail)", retryAfter: wait) }
            return .accountProblem("Meta refused the message (\(detail))")
        }
    }
}
