import JSON
import Spool

/// One status Meta called back for a Cloud API message (`entry[].changes[].value.statuses[]`).
struct MessageStatus: Sendable, Equatable {
    let messageID: String
    /// sent, delivered, read or failed.
    let status: String
    /// The order `biz_opaque_callback_data` (`<tenant>/<order id>`) names, when it names one of this tenant's.
    let order: OrderID?
    /// For `failed`: Meta's error code and title.
    let error: String?

    /// How far a message has got; a status never moves an order back. `failed` only counts before delivery.
    static let ranks = ["accepted": 0, "sent": 1, "delivered": 2, "read": 3]

    static func all(in payload: JSONValue, tenant: TenantID) -> [MessageStatus] {
        payload["entry"].array.flatMap { $0["changes"].array }.flatMap { $0["value"]["statuses"].array }.compactMap { status in
            guard let id = status["id"].string, let word = status["status"].string else { return nil }
            let named = status["biz_opaque_callback_data"].string?.split(separator: "/", maxSplits: 1)
            let order = named.flatMap { $0.count == 2 && $0[0] == Substring(tenant.rawValue) ? OrderID($0[1]) : nil }
            let error = status["errors"].array.first.map { error in
                [error["code"].text.map { "code \($0)" }, error["title"].string].compactMap { $0 }.joined(separator: ": ")
            }
            return MessageStatus(messageID: id, status: word, order: order, error: error)
        }
    }
}
