import Spool

/// The Orders tab: newest first, fifty a page, with a status filter. The rows come from `OrderView.row`, which
/// the live events reuse, so a row looks the same whether it was loaded or pushed.
enum OrdersPage {
    static let pageSize = 50

    /// How many pages `total` orders fill; an empty list still has its one (empty) page.
    static func pageCount(total: Int) -> Int {
        max(1, total / pageSize + (total % pageSize == 0 ? 0 : 1))
    }

    /// What the list shows: one status, one answer standing, or both.
    struct Filter: Equatable {
        var status: OrderStatus?
        var answer: AnswerStanding?

        var query: String {
            [status.map { "status=\($0.rawValue)" }, answer.map { "answer=\($0.rawValue)" }].compactMap { $0 }.joined(separator: "&")
        }
    }

    /// `asks`: the tenant asks its customers, so the answers get filters of their own.
    static func render(rows: [String], filter: Filter, asks: Bool, page: Int, total: Int) -> String {
        let pages = pageCount(total: total)
        let status = filter.status
        let filters = ([nil] + OrderStatus.allCases.map(Optional.some)).map { option in
            link(option?.rawValue ?? "all", Filter(status: option), current: Filter(status: option) == filter)
        }.joined()
        let answers = !asks ? "" : "<div class=\"filters answers\">" + AnswerStanding.allCases.map { answer in
            link(answer.words, Filter(answer: answer), current: filter == Filter(answer: answer))
        }.joined() + "</div>"
        let emptiness = total > 0 ? "No orders on this page."
            : filter != Filter() ? "No orders like this yet. <a href=\"/orders\">All orders</a>"
            : "No orders yet. They appear here the moment Shopify sends them: create the webhooks shown under "
                + "<a href=\"/settings\">Settings</a>, then place a test order in your shop."
        let empty = rows.isEmpty ? "<tr class=\"empty\"><td colspan=\"8\">\(emptiness)</td></tr>" : ""
        return """
            <div class="filters">\(filters)</div>\(answers)
            <table class="orders\(asks ? " asks" : "")" data-page="\(page)" data-status="\(status?.rawValue ?? "")" data-answer="\(filter.answer?.rawValue ?? "")">
            <thead><tr><th>Order</th><th>Customer</th><th>Total</th><th>Status</th><th>Delivery slot</th>
            <th>Received</th><th>Sent</th><th class="answer">Answer</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))\(empty)</tbody></table>
            \(pager(page: page, pages: pages, filter: filter, total: total))
            """
    }

    private static func link(_ name: String, _ target: Filter, current: Bool) -> String {
        "<a href=\"/orders\(target.query.isEmpty ? "" : "?" + target.query)\"\(current ? " class=\"current\"" : "")>\(name)</a>"
    }

    private static func pager(page: Int, pages: Int, filter selected: Filter, total: Int) -> String {
        let filter = selected.query.isEmpty ? "" : "&" + selected.query
        // From a page past the end, "Newer" leads back to the last page that has orders.
        let previous = page > 1 ? "<a href=\"/orders?page=\(min(page - 1, pages))\(filter)\" rel=\"prev\">Newer</a>" : ""
        let next = page < pages ? "<a href=\"/orders?page=\(page + 1)\(filter)\" rel=\"next\">Older</a>" : ""
        // The script rewrites the count as live rows come and go (`data-total`), in the same words as `count`.
        return "<p class=\"pager\" data-total=\"\(total)\" data-page=\"\(page)\" data-page-size=\"\(pageSize)\">\(previous) "
            + "<span class=\"count\">page \(page) of \(pages), \(total) order\(total == 1 ? "" : "s")</span> \(next)</p>"
    }
}
