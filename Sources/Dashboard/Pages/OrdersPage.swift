/// The Orders tab: newest first, fifty a page, with a status filter. The rows come from `OrderView.row`, which
/// the live events reuse, so a row looks the same whether it was loaded or pushed.
enum OrdersPage {
    static let pageSize = 50

    /// How many pages `total` orders fill; an empty list still has its one (empty) page.
    static func pageCount(total: Int) -> Int {
        max(1, total / pageSize + (total % pageSize == 0 ? 0 : 1))
    }

    static func render(rows: [String], status: OrderStatus?, page: Int, total: Int) -> String {
        let pages = pageCount(total: total)
        let filters = ([nil] + OrderStatus.allCases.map(Optional.some)).map { option in
            let name = option?.rawValue ?? "all"
            let target = option.map { "/orders?status=\($0.rawValue)" } ?? "/orders"
            return "<a href=\"\(target)\"\(option == status ? " class=\"current\"" : "")>\(name)</a>"
        }.joined()
        let emptiness = total == 0 ? "No orders yet." : "No orders on this page."
        let empty = rows.isEmpty ? "<tr class=\"empty\"><td colspan=\"8\">\(emptiness)</td></tr>" : ""
        return """
            <div class="filters">\(filters)</div>
            <table class="orders" data-page="\(page)" data-status="\(status?.rawValue ?? "")">
            <thead><tr><th>Order</th><th>Customer</th><th>Total</th><th>Status</th><th>Delivery slot</th>
            <th>Received</th><th>Sent</th><th>Answer</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))\(empty)</tbody></table>
            \(pager(page: page, pages: pages, status: status, total: total))
            """
    }

    private static func pager(page: Int, pages: Int, status: OrderStatus?, total: Int) -> String {
        let filter = status.map { "&status=\($0.rawValue)" } ?? ""
        // From a page past the end, "Newer" leads back to the last page that has orders.
        let previous = page > 1 ? "<a href=\"/orders?page=\(min(page - 1, pages))\(filter)\" rel=\"prev\">Newer</a>" : ""
        let next = page < pages ? "<a href=\"/orders?page=\(page + 1)\(filter)\" rel=\"next\">Older</a>" : ""
        return "<p class=\"pager\">\(previous) page \(page) of \(pages), \(total) order\(total == 1 ? "" : "s") \(next)</p>"
    }
}
