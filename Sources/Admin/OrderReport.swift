import Foundation
import Spool

/// `wasp show`: one order, for a person (like Postfix's postcat): where it is, what it says, what happened to it.
public struct OrderReport {
    public let state: SpoolDirectory
    public let entry: SpoolEntry
    public let record: OrderRecord
    /// The file's bytes, for `--json`.
    public let raw: Data
    /// The answer on its way to Shopify, in words.
    public var writeback: String? = nil
    /// The customer's number's entry on the tenant's do-not-message list, if it is on it.
    public var optOut: OptOutList.Entry? = nil

    /// Finds the order in any state; the error says what is wrong.
    public static func load(spool: Spool, tenant: TenantID, order: OrderID) -> Result<OrderReport, AdminError> {
        guard let state = spool.state(of: order, tenant: tenant),
              let entry = spool.entry(order.fileName, tenant: tenant, in: state) else {
            return .failure(AdminError("no order \(order) for tenant \(tenant) in \(spool.path(tenant))"))
        }
        do {
            let raw = try spool.read(order.fileName, tenant: tenant, in: state)
            let record = try spool.loadOrder(order, tenant: tenant, in: state)
            var report = OrderReport(state: state, entry: entry, record: record, raw: raw)
            report.writeback = spool.writebackStanding(of: order.rawValue, tenant: tenant)
            report.optOut = record.phone.e164.flatMap(OptOutList.digits).flatMap(OptOutList(spool: spool, tenant: tenant).entry)
            return .success(report)
        } catch {
            return .failure(AdminError("\(error); 'wasp fsck --repair' sets it aside in corrupt/"))
        }
    }

    /// One line per field; a message's own line breaks show as `\n`.
    public func render() -> String {
        var lines: [(String, String)] = [
            ("order", record.orderID + (record.name.map { " (\($0))" } ?? "")),
            ("tenant", record.tenant),
            ("state", state.rawValue + (SpoolDirectory.pendingStates.contains(state) ? " (pending)" : "")
                + " (dashboard: \(record.progressWords(in: state)))"),
            ("file", "\(state.rawValue)/\(entry.name), mtime \(Timestamp.string(entry.modified))"),
            ("customer", [record.customer.name, record.customer.email].compactMap { $0 }.joined(separator: ", ")),
            ("phone", phone),
            ("total", [record.currency, record.totalPrice].compactMap { $0 }.joined(separator: " ")
                + (record.gateway.map { " (\($0))" } ?? "")),
            ("items", record.lineItems.map { "\($0.quantity) × \($0.title)" }.joined(separator: "; ")),
            ("delivery", record.deliverySlot ?? "-"),
            ("received", record.receivedAt),
            ("due", record.dueAt),
            ("message", record.message),
        ]
        lines += record.attempts.map { attempt in
            ("attempt", "\(attempt.at) \(attempt.outcome)" + (attempt.detail.map { ": \($0)" } ?? "")
                + (attempt.messageID.map { " (Cloud API message \($0)" + (attempt.messageStatus.map { ", \($0))" } ?? ")") } ?? ""))
        }
        if let status = record.messageStatus { lines.append(("whatsapp", "\(status) (the Cloud API's latest word on the message)")) }
        if let summary = record.answerSummary { lines.append(("answer", summary)) }
        lines += (record.answers ?? []).map { ("reply", "\($0.at) \($0.words)") }
        if let noAnswer = record.noAnswerAt { lines.append(("no answer", "by \(noAnswer)")) }
        if let reason = record.notAsked { lines.append(("not asked", reason + " (the tenant's confirm.* rules)")) }
        if let reason = record.notMessaged { lines.append(("skipped", "not messaged: " + reason)) }
        if let optOut {
            lines.append(("opted out", "on the do-not-message list since \(Timestamp.string(optOut.since)): \(optOut.reason)"))
        } else if let optedOut = record.optedOutAt {
            lines.append(("opted out", "at \(optedOut); the number is no longer on the list"))
        }
        if let writeback { lines.append(("shopify", writeback)) }
        if let failure = record.failure { lines.append(("failure", failure)) }
        if let cancellation = record.cancellation {
            lines.append(("cancelled", [cancellation.at, cancellation.reason].compactMap { $0 }.joined(separator: " ")
                          + (cancellation.afterSending ? " (after the message was sent)" : "")))
        }
        if let fulfillment = record.fulfillment {
            lines.append(("shipment", [fulfillment.shipmentStatus ?? fulfillment.status, fulfillment.trackingCompany,
                                       fulfillment.trackingNumber].compactMap { $0 }.joined(separator: " ")))
        }
        if let redacted = record.redactedAt { lines.append(("redacted", redacted)) }
        // Customers wrote much of this: escaped, nothing in it can drive the operator's terminal.
        return lines.map { $0.0.padding(toLength: 10, withPad: " ", startingAt: 0) + TerminalText.escaped($0.1) }
            .joined(separator: "\n") + "\n"
    }

    private var phone: String {
        guard let e164 = record.phone.e164 else { return "none: " + (record.phone.problem ?? "unknown") }
        let written = record.phone.asWritten.map { " (written \"\($0)\"" + (record.phone.source.map { ", from \($0))" } ?? ")") }
        return e164 + (written ?? "")
    }
}

/// A failure of an operator command, said so the operator can act on it.
public struct AdminError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
