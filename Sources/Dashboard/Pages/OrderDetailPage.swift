import Spool

/// One order: what was bought, the message, and every attempt to send it.
enum OrderDetailPage {
    /// `writeback`: the answer on its way to Shopify, in words, if any.
    static func render(_ view: OrderView, times: TimeDisplay, writeback: String? = nil) -> String {
        guard case .order(let record, let state) = view else {
            return "<h1>Order \(HTML.escape(view.id))</h1><table><tbody>\(view.row(times))</tbody></table>"
        }
        let items = record.lineItems.map { "<li>\($0.quantity) × \(HTML.escape($0.title))</li>" }.joined()
        let attempts = record.attempts.map { attempt in
            "<tr><td>\(times.show(attempt.at))</td><td>\(HTML.escape(Self.outcomes[attempt.outcome] ?? attempt.outcome))</td>"
                + "<td>\(HTML.escape(attempt.detail ?? ""))</td></tr>"
        }.joined()
        let facts: [(String, String)] = [
            ("Status", "\(view.badge) \(Self.stages[state] ?? "")"),
            ("Needs you", !record.needsYou ? "" : "the customer wrote “\(HTML.escape(record.answers?.last?.text ?? ""))”: "
                + "neither yes nor no; answer them on WhatsApp"),
            ("Customer", HTML.escape(record.customer.name ?? "")),
            ("Phone", HTML.escape(record.phone.asWritten ?? record.phone.problem.map { "none usable: " + $0 } ?? "")),
            ("Total", HTML.escape([record.currency, record.totalPrice].compactMap { $0 }.joined(separator: " "))),
            ("Delivery slot", HTML.escape(record.deliverySlot ?? "")),
            ("Received", times.show(record.receivedAt)),
            ("Due", times.show(record.dueAt)),
            ("Sent", times.show(record.sentAt)),
            ("Failure", HTML.escape(record.failure ?? "")),
            ("Answer", HTML.escape(record.answerSummary ?? "")),
            ("Not asked", HTML.escape(record.notAsked.map { "the shop's rules do not ask this order: \($0)" } ?? "")),
            ("Opted out", record.optedOutAt.map { "at \(times.show($0)): the number is on the shop's do-not-message list" } ?? ""),
            ("Replies", (record.answers ?? []).map { "\(times.show($0.at)): \(HTML.escape($0.words))" }.joined(separator: "<br>")),
            ("In Shopify", HTML.escape(writeback ?? "")),
        ]
        let list = facts.filter { !$0.1.isEmpty }.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
        return """
            <p><a href="/orders">← Orders</a></p>
            <h1>Order \(HTML.escape(record.name ?? record.orderID))</h1>
            <dl class="facts">\(list)</dl>
            <h2>Items</h2><ul>\(items)</ul>
            \(record.sentAt == nil ? "<h2>Message (not sent)</h2><blockquote class=\"message unsent\">"
                                    : "<h2>Message</h2><blockquote class=\"message\">")\(HTML.escape(record.message))</blockquote>
            <h2>Attempts</h2>
            <table><thead><tr><th>When</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>\(attempts)</tbody></table>
            """
    }

    /// Where the order is, in words: the spool directory a merchant never needs to know.
    static let stages: [SpoolDirectory: String] = [
        .incoming: "waiting for the shop's delay", .ready: "about to be sent", .active: "being sent now",
        .deferred: "will be tried again", .hold: "held by the operator", .sent: "message sent",
        .confirmed: "confirmed by the customer",
        .cancelled: "cancelled", .delivered: "delivered to the customer",
        .failed: "the message could not be sent", .skipped: "",
    ]

    /// The attempts' outcomes as the sender and scheduler write them, in words.
    static let outcomes = [
        "sent": "Message sent", "found_in_chat": "Already in the chat; not sent again",
        "not_on_whatsapp": "The number is not on WhatsApp", "no_phone": "No phone number in the order",
        "not_linked": "WhatsApp was not linked; tried again later", "reminded": "Reminder sent",
        "reminder_error": "Reminder failed; tried again later", "reminder_failed": "Reminder given up", "daily_cap": "Daily limit reached; sent the next day",
        "expired": "Not sent in time", "not_messaged": "Not messaged", "error": "Could not send; tried again later", "requeued": "Sent back to the queue by the operator",
        "account_problem": "The WhatsApp Cloud API refused it for a reason of the account; tried again later",
        "pair_limit": "Held back a few seconds: one message per 6 s to one customer",
    ]
}
