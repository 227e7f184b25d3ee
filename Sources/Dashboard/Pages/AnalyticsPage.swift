import Foundation
import Spool

/// The Analytics tab: the headline figures and a bar chart by day, drawn here as inline SVG.
enum AnalyticsPage {
    static func render(_ stats: OrderStats) -> String {
        var figures: [(String, String)] = [
            ("Total orders", String(stats.total)),
            ("Messages delivered", "\(stats.messagesDelivered) (\(percent(stats.deliverySuccess)) of those tried)"),
            ("Cancellation rate", percent(stats.cancellationRate)),
            ("Waiting now", String(stats.count(.pending))),
        ]
        if stats.count(.skipped) > 0 { figures.append(("Not messaged", String(stats.count(.skipped)))) }
        if stats.asked > 0 {
            figures += [("Asked to confirm", String(stats.asked)),
                        ("Confirmation rate (confirmed by the customer, of those asked)", percent(stats.confirmationRate)),
                        ("Customers who answered", percent(stats.answerRate)),
                        ("Cancelled by the customer", percent(stats.customerCancelRate)), ("Needs you", String(stats.needsYou))]
        }
        let cards = figures.map { "<div class=\"figure\"><span>\($0.0)</span><strong>\($0.1)</strong></div>" }.joined()
        let note = stats.uncounted > 0 ? "<p class=\"note\">\(stats.uncounted) orders are still being counted.</p>" : ""
        return """
            <div class="figures">\(cards)</div>
            <h2>Orders by day, last \(OrderStats.days) days, by status now</h2>\(note)
            \(DayChart.svg(stats.byDay))\(stats.asked == 0 ? "" : answersChart(stats))
            """
    }

    private static func answersChart(_ stats: OrderStats) -> String {
        "<h2>Asked orders by day, by their answer now</h2>" + DayChart.svg(stats.byDay, DayChart.answers, label: "Answers by day")
    }

    private static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f %%", $0 * 100) } ?? "–"
    }
}

/// Stacked bars, one per day; each bar's parts are the series (the statuses, or the answers), coloured as the
/// badges.
enum DayChart {
    struct Series: Sendable {
        let name: String
        let cssClass: String
        let count: @Sendable (OrderStats.Day) -> Int
    }

    static let statuses: [Series] = [(OrderStatus.confirmed, "sent"), (.delivered, "delivered"), (.pending, "pending"),
                                     (.cancelled, "cancelled"), (.failed, "failed"), (.skipped, "not messaged")].map { status, name in
        Series(name: name, cssClass: status.rawValue) { $0.counts[status] ?? 0 }
    }
    static let answers: [Series] = [(AnswerStanding.confirmed, "confirmed"), (.waiting, "pending"), (.noAnswer, "no-answer"),
                                    (.cancelled, "cancelled"), (.optedOut, "skipped")].map { answer, cssClass in
        Series(name: answer.words, cssClass: cssClass) { $0.answers[answer] ?? 0 }
    }
    private static let (width, height, top, bottom, left) = (640.0, 220.0, 10.0, 30.0, 36.0)

    static func svg(_ days: [OrderStats.Day], _ series: [Series] = statuses, label: String = "Orders by day") -> String {
        let highest = max(1, days.map { day in series.map { $0.count(day) }.reduce(0, +) }.max() ?? 1)
        let slot = (width - left) / Double(max(1, days.count))
        let plot = height - top - bottom
        var parts: [String] = []
        for (index, day) in days.enumerated() {
            var base = height - bottom
            let x = left + Double(index) * slot + 1
            for part in series {
                let count = part.count(day)
                guard count > 0 else { continue }
                let barHeight = plot * Double(count) / Double(highest)
                base -= barHeight
                parts.append("<rect class=\"\(part.cssClass)\" x=\"\(format(x))\" y=\"\(format(base))\" width=\"\(format(slot - 2))\" "
                             + "height=\"\(format(barHeight))\"><title>\(day.name): \(count) \(part.name)</title></rect>")
            }
            // Every fifth day and the last, with room for a phone's larger labels between those two.
            if index % 5 == 0 && index + 5 < days.count || index == days.count - 1 {
                let anchor = index == days.count - 1 ? " text-anchor=\"end\"" : ""
                parts.append("<text x=\"\(format(index == days.count - 1 ? width : x))\" y=\"\(format(height - 10))\"\(anchor)>"
                             + "\(day.name.suffix(5))</text>")
            }
        }
        parts.append("<text x=\"0\" y=\"\(format(top + 10))\">\(highest)</text>")
        parts.append("<line x1=\"\(format(left))\" y1=\"\(format(height - bottom))\" x2=\"\(format(width))\" y2=\"\(format(height - bottom))\"/>")
        let legend = series.map { "<span class=\"badge \($0.cssClass)\">\($0.name)</span>" }.joined(separator: " ")
        return "<svg class=\"chart\" viewBox=\"0 0 \(format(width)) \(format(height))\" role=\"img\" "
            + "aria-label=\"\(label)\">\(parts.joined())</svg><p class=\"legend\">\(legend)</p>"
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
