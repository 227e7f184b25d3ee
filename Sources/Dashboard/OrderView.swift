import Foundation
import JSON
import Spool

/// One order as the dashboard shows it: the record, or why its file could not be read (an error row, never a
/// crashed page).
enum OrderView {
    case order(OrderRecord, SpoolDirectory)
    case unreadable(OrderID, SpoolDirectory, String)

    static func load(_ id: OrderID, tenant: TenantID, in state: SpoolDirectory, spool: Spool) -> OrderView {
        do {
            return .order(try spool.loadOrder(id, tenant: tenant, in: state), state)
        } catch {
            return .unreadable(id, state, error.description)
        }
    }

    var id: String {
        switch self {
        case .order(let record, _): return record.orderID
        case .unreadable(let id, _, _): return id.rawValue
        }
    }

    var status: OrderStatus {
        switch self {
        case .order(_, let state), .unreadable(_, let state, _): return OrderStatus(state)
        }
    }

    /// A row of the orders table; the page's script swaps rows by `data-id` when the order changes.
    func row(_ times: TimeDisplay) -> String {
        switch self {
        case .order(let record, let state):
            // Classes name the cells, so a phone can lay a row out as a card (see the stylesheet).
            let cells = [
                ("order", "<a href=\"/orders/\(record.orderID)\">\(HTML.escape(record.name ?? "#" + (record.orderNumber ?? record.orderID)))</a>"),
                ("customer", HTML.escape(record.customer.name ?? "")),
                ("total", HTML.escape([record.currency, record.totalPrice].compactMap { $0 }.joined(separator: " "))),
                ("status", badge),
                ("slot", HTML.escape(record.deliverySlot ?? "")),
                ("received", times.show(record.receivedAt)),
                ("sent", record.sentAt != nil ? times.show(record.sentAt) : state == .skipped ? "never" : "not yet"),
                ("answer", lastReply),
            ]
            return "<tr data-id=\"\(record.orderID)\">" + cells.map { "<td class=\"\($0.0)\">\($0.1)</td>" }.joined() + "</tr>"
        case .unreadable(let id, let state, let problem):
            return "<tr data-id=\"\(id.rawValue)\" class=\"unreadable\"><td>\(id.rawValue)</td>"
                + "<td colspan=\"7\">unreadable order file in \(state.rawValue)/: \(HTML.escape(problem))</td></tr>"
        }
    }

    var progress: OrderProgress {
        switch self {
        case .order(let record, let state): return OrderProgress(state, answer: record.answerStanding)
        case .unreadable(_, let state, _): return OrderProgress(state, answer: nil)
        }
    }

    /// The order's progress in words, coloured as the old status badges: yellow while someone is waited for, green
    /// when the message went (and was not refused), red when cancelled, blue when delivered, grey when it ended quiet.
    var badge: String {
        guard case .order(let record, let state) = self else { return "" }
        let colour: String
        switch progress {
        case .pending, .waiting: colour = "pending"
        case .sent, .confirmedByCustomer: colour = "confirmed"
        case .cancelled, .cancelledByCustomer: colour = "cancelled"
        case .delivered: colour = "delivered"
        case .failed: colour = "failed"
        case .noAnswer, .optedOut: colour = "no-answer"
        case .notMessaged: colour = "skipped"
        }
        return "<span class=\"badge \(colour) \(progress.slug)\">\(HTML.escape(record.progressWords(in: state)))</span>"
    }

    /// The customer's latest reply, marked when someone has to read it.
    private var lastReply: String {
        guard case .order(let record, _) = self, let reply = record.answers?.last else { return "" }
        return (record.needsYou ? "<strong class=\"needs-you\">needs you</strong> " : "") + HTML.escape(reply.words)
    }

    /// The API's order: the order file's fields, plus `status` and `state` (as before), `progress` (the words the
    /// dashboard shows) and `needs_you`.
    var json: JSONValue {
        switch self {
        case .order(let record, let state):
            guard let data = try? record.encoded(), case .object(var fields)? = JSONValue.parse(data) else { return .null }
            fields["status"] = .string(status.rawValue)
            fields["progress"] = .string(progress.words)
            fields["needs_you"] = .bool(record.needsYou)
            fields["state"] = .string(state.rawValue)
            return .object(fields)
        case .unreadable(let id, let state, let problem):
            return ["order_id": .string(id.rawValue), "status": .string(status.rawValue), "state": .string(state.rawValue),
                    "error": .string(problem)]
        }
    }
}
