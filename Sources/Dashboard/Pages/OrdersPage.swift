import Spool

/// The Orders tab: newest first, fifty a page, with a status filter. The rows come from `OrderView.row`, which
/// the live events reuse, so a row looks the same whether it was loaded or pushed.
enum OrdersPage {
    static let pageSize = 50

    /// How many pages `total` orders fill; an empty list still has its one (empty) page.
    static func pageCount(total: Int) -> Int {
        max(1, total / pageSize + (total % pageSize == 0 ? 0 : 1))
    }

    /// The progress a tenant that asks nothing never reaches.
    static let askingOnly: Set<OrderProgress> = [.waiting, .confirmedByCustomer, .cancelledByCustomer, .noAnswer, .optedOut]

    /// `asks`: the tenant asks its customers, so the answers get filters of their own, and "Needs you" counts the
    /// replies someone has to read.
    static func render(rows: [String], filter: OrderFilter, asks: Bool, needsYou: Int, page: Int, total: Int) -> String {
        let pages = pageCount(total: total)
        let shown = OrderProgress.allCases.filter { asks || !askingOnly.contains($0) }
        let filters = ([nil] + shown.map(Optional.some)).map { option in
            link(option?.words ?? "all", OrderFilter(progress: option), current: OrderFilter(progress: option) == filter)
        }.joined()
        let needs = OrderFilter(needsYou: true)
        let needsLink = !asks ? "" : link("Needs you (\(needsYou))", needs, current: filter == needs, css: needsYou > 0 ? "needs-you" : nil)
        let emptiness = total > 0 ? "No orders on this page."
            : filter != OrderFilter() ? "No orders like this yet. <a href=\"/orders\">All orders</a>"
            : "No orders yet. They appear here the moment Shopify sends them: create the webhooks shown under "
                + "<a href=\"/settings\">Settings</a>, then place a test order in your shop."
        let empty = rows.isEmpty ? "<tr class=\"empty\"><td colspan=\"8\">\(emptiness)</td></tr>" : ""
        return """
            <div class="filters">\(needsLink)\(filters)</div>
            <table class="orders\(asks ? " asks" : "")" data-page="\(page)" data-status="\(filter.status?.rawValue ?? "")" data-answer="\(filter.answer?.rawValue ?? "")" data-progress="\(filter.progress?.slug ?? "")" data-needs-you="\(filter.needsYou ? "yes" : "")">
            <thead><tr><th>Order</th><th>Customer</th><th>Total</th><th>Status</th><th>Delivery slot</th>
            <th>Received</th><th>Sent</th><th class="answer">Answer</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))\(empty)</tbody></table>
            \(pager(page: page, pages: pages, filter: filter, total: total))
            """
    }

    private static func link(_ name: String, _ target: OrderFilter, current: Bool, css: String? = nil) -> String {
        let classes = [current ? "current" : nil, css].compactMap { $0 }.joined(separator: " ")
        return "<a href=\"/orders\(target.query.isEmpty ? "" : "?" + target.query)\"\(classes.isEmpty ? "" : " class=\"\(classes)\"")>\(name)</a>"
    }

    private static func pager(page: Int, pages: Int, filter selected: OrderFilter, total: Int) -> String {
        let filter = selected.query.isEmpty ? "" : "&" + selected.query
        // From a page past the end, "Newer" leads back to the last page that has orders.
        let previous = page > 1 ? "<a href=\"/orders?page=\(min(page - 1, pages))\(filter)\" rel=\"prev\">Newer</a>" : ""
        let next = page < pages ? "<a href=\"/orders?page=\(page + 1)\(filter)\" rel=\"next\">Older</a>" : ""
        // The script rewrites the count as live rows come and go (`data-total`), in the same words as `count`.
        return "<p class=\"pager\" data-total=\"\(total)\" data-page=\"\(page)\" data-page-size=\"\(pageSize)\">\(previous) "
            + "<span class=\"count\">page \(page) of \(pages), \(total) order\(total == 1 ? "" : "s")</span> \(next)</p>"
    }
}
