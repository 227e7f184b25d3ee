import Spool

/// One order: what was bought, the message, and every attempt to send it.
enum OrderDetailPage {
    static func render(_ view: OrderView, times: TimeDisplay) -> String {
        guard case .order(let record, let state) = view else {
            return "<h1>Order \(HTML.escape(view.id))</h1><table><tbody>\(view.row(times))</tbody></table>"
        }
        let items = record.lineItems.map { "<li>\($0.quantity) × \(HTML.escape($0.title))</li>" }.joined()
        let attempts = record.attempts.map { attempt in
            "<tr><td>\(times.show(attempt.at))</td><td>\(HTML.escape(attempt.outcome))</td>"
                + "<td>\(HTML.escape(attempt.detail ?? ""))</td></tr>"
        }.joined()
        let facts: [(String, String)] = [
            ("Status", "<span class=\"badge \(view.status.rawValue)\">\(view.status.rawValue)</span> (\(state.rawValue)/)"),
            ("Customer", HTML.escape(record.customer.name ?? "")),
            ("Phone", HTML.escape(record.phone.asWritten ?? record.phone.problem ?? "")),
            ("Total", HTML.escape([record.currency, record.totalPrice].compactMap { $0 }.joined(separator: " "))),
            ("Delivery slot", HTML.escape(record.deliverySlot ?? "")),
            ("Received", times.show(record.receivedAt)),
            ("Due", times.show(record.dueAt)),
            ("Sent", times.show(record.sentAt)),
            ("Failure", HTML.escape(record.failure ?? "")),
        ]
        let list = facts.filter { !$0.1.isEmpty }.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
        return """
            <p><a href="/orders">← Orders</a></p>
            <h1>Order \(HTML.escape(record.name ?? record.orderID))</h1>
            <dl class="facts">\(list)</dl>
            <h2>Items</h2><ul>\(items)</ul>
            <h2>Message</h2><blockquote class="message">\(HTML.escape(record.message))</blockquote>
            <h2>Attempts</h2>
            <table><thead><tr><th>When</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>\(attempts)</tbody></table>
            """
    }
}
