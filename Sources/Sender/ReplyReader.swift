import Foundation
import JSON
import Spool
import WhatsApp

/// WhatsApp Web tenants' customers answer in the chat. The sender, which alone drives the browser, looks for
/// unread replies from customers whose asked order still listens (in `sent/`, or answered but not shipped, within
/// `confirm.expire`), and writes one `whatsapp/answer` event per message into `events/`, for the scheduler to
/// apply. Each event names the order and the reply's place after our question, so reading a chat twice records
/// nothing twice.
struct ReplyReader {
    let spool: Spool
    let pool: BrowserPool
    let log: Log

    /// The listening order for each customer's digits: the latest asked one.
    func listening(_ tenant: TenantID, expire: TimeInterval, now: Date = Date()) -> [String: OrderRecord] {
        var latest: [String: OrderRecord] = [:]
        eachListening(tenant, expire: expire, now: now) { digits, record in
            if (latest[digits]?.sentAt ?? "") < record.sentAt! { latest[digits] = record }
            return true
        }
        return latest
    }

    /// Whether any order listens; stops at the first, for the sender's scan every 30 s.
    func anyListening(_ tenant: TenantID, expire: TimeInterval) -> Bool {
        var found = false
        eachListening(tenant, expire: expire, now: Date()) { _, _ in
            found = true
            return false
        }
        return found
    }

    /// Calls `body` with each listening order and its customer's digits until it returns false.
    private func eachListening(_ tenant: TenantID, expire: TimeInterval, now: Date, _ body: (String, OrderRecord) -> Bool) {
        for state in [SpoolDirectory.sent, .confirmed, .cancelled] {
            // A file changed since the expiry began (its mtime is when it was sent or last rewritten) is all that can listen.
            for entry in spool.list(tenant, state) where now.timeIntervalSince(entry.modified) <= expire {
                guard let id = OrderID(fileName: entry.name), let record = try? spool.loadOrder(id, tenant: tenant, in: state),
                      record.asked == true, record.fulfillment == nil,
                      record.cancellation.map({ $0.by == OrderRecord.Cancellation.byCustomer }) ?? true,
                      let sent = record.sentAt.flatMap(Timestamp.date), now.timeIntervalSince(sent) <= expire,
                      let digits = record.phone.e164?.filter(\.isNumber) else { continue }
                if !body(digits, record) { return }
            }
        }
    }

    /// Reads the replies and writes their events; false when the browser failed (it is restarted).
    func read(_ tenant: TenantID, orders: [String: OrderRecord]) -> Bool {
        guard !orders.isEmpty else { return true }
        let web: WhatsAppWeb
        do { web = try pool.acquire(tenant) } catch {
            log.repeating("cannot read replies", tenant: tenant, ["error": error.description])
            return false
        }
        do {
            guard let replies = try web.replies(to: orders.mapValues(\.message)) else {
                pool.release(tenant)
                log.repeating("cannot read replies: the selectors file has no chat_row, chat_title, unread_badge or incoming_message",
                              tenant: tenant)
                return true
            }
            pool.release(tenant)
            for (digits, texts) in replies {
                guard let order = orders[digits] else { continue }
                log.event("replies read", tenant: tenant, order: order.orderID, ["messages": "\(texts.count)"])
                for (index, text) in texts.enumerated() { deposit(text, index: index + 1, from: digits, order: order, tenant: tenant) }
            }
            return true
        } catch {
            pool.release(tenant, broken: true)
            log.event("browser restarted", tenant: tenant, ["reason": error.description])
            return false
        }
    }

    private func deposit(_ text: String, index: Int, from digits: String, order: OrderRecord, tenant: TenantID) {
        let now = Date()
        let event: JSONValue = ["topic": .string(EventName.webAnswerTopic), "tenant": .string(tenant.rawValue),
                                "received_at": .string(Timestamp.string(now)),
                                "payload": ["from": .string(digits), "text": .string(text), "at": .string(Timestamp.string(now)),
                                            "order": .string(order.orderID), "index": .number(String(index))]]
        do {
            try spool.deposit(Data(event.serialized.utf8), tenant: tenant, into: .events,
                              name: EventName.make(received: now, topic: EventName.webAnswerTopic))
        } catch {
            log.repeating("cannot record a reply", tenant: tenant, order: order.orderID, ["error": error.description])
        }
    }
}
