import Foundation
import JSON
import Spool

/// `wasp status`: for each tenant and state, the number of files and how old they are, in Postfix qshape's
/// doubling buckets of minutes since each file's mtime. A waiting order's mtime is its due time, so one not
/// due yet counts under `future` and the buckets show how overdue the rest are.
public struct QueueShape {
    /// Upper bounds of the age buckets, in minutes; the last column takes everything older.
    static let bucketMinutes = [5, 10, 20, 40, 80, 160, 320, 640, 1280]
    static let states: [SpoolDirectory] = SpoolDirectory.orderStates + [.events, .writeback, .corrupt]

    public struct Row: Sendable {
        public let tenant: TenantID
        public let state: SpoolDirectory
        public let total: Int
        public let future: Int
        /// `bucketMinutes.count + 1` counts.
        public let buckets: [Int]
    }

    public let rows: [Row]
    public let links: [TenantID: LinkStatus]
    /// Each tenant's Shopify feed as the intake last judged it; a line only while something is wrong.
    public let feeds: [TenantID: FeedCondition]
    /// Each tenant's orders in the dashboard's words ("waiting for the customer", "confirmed by the customer", …).
    public let progress: [TenantID: [OrderProgress: Int]]

    /// The states whose words depend on the customer's answer: only their files are read.
    static let answeredStates: Set<SpoolDirectory> = [.sent, .confirmed, .cancelled]

    public init(spool: Spool, tenants: [TenantID], now: Date = Date()) {
        rows = tenants.flatMap { tenant in
            Self.states.map { Self.row(spool.list(tenant, $0).filter { !$0.name.hasSuffix(Spool.sendingMarkerSuffix) }, tenant: tenant, state: $0, now: now) }
        }
        links = Dictionary(uniqueKeysWithValues: tenants.map { ($0, spool.linkStatus($0)) })
        feeds = Dictionary(uniqueKeysWithValues: tenants.map { ($0, spool.feedCondition($0)) })
        progress = Dictionary(uniqueKeysWithValues: tenants.map { ($0, Self.progress(of: $0, spool: spool)) })
    }

    private static func progress(of tenant: TenantID, spool: Spool) -> [OrderProgress: Int] {
        var counts: [OrderProgress: Int] = [:]
        for state in SpoolDirectory.orderStates {
            for entry in spool.list(tenant, state) where OrderID(fileName: entry.name) != nil {
                let file = answeredStates.contains(state) ? (try? spool.read(entry.name, tenant: tenant, in: state)).flatMap(JSONValue.parse) : nil
                counts[OrderProgress(state, answer: file.flatMap { AnswerStanding.of(file: $0).standing }), default: 0] += 1
            }
        }
        return counts
    }

    /// The table, one line per tenant and state (and one for its WhatsApp link, and one for its Shopify feed while
    /// the intake finds something wrong with it), each starting with the tenant
    /// so `grep '^5 '` picks one merchant.
    public func render() -> String {
        let bucketTitles = Self.bucketMinutes.map { "\($0)m" } + ["\(Self.bucketMinutes.last!)m+"]
        var lines = [Self.line(["tenant", "state", "total", "future"] + bucketTitles)]
        for row in rows {
            lines.append(Self.line([row.tenant.rawValue, row.state.rawValue, "\(row.total)", "\(row.future)"]
                                   + row.buckets.map(String.init)))
            if row.state == Self.states.last {
                let words = OrderProgress.allCases.compactMap { word in progress[row.tenant]?[word].map { "\(word.words) \($0)" } }
                if !words.isEmpty { lines.append(Self.line([row.tenant.rawValue, "orders"]) + "  " + words.joined(separator: ", ")) }
                let link = links[row.tenant] ?? LinkStatus(.unlinked)
                lines.append(Self.line([row.tenant.rawValue, "whatsapp", link.state.rawValue]) + "  " + link.sentence)
                if let feed = feeds[row.tenant], let sentence = feed.sentence {
                    lines.append(Self.line([row.tenant.rawValue, "shopify", feed.state]) + "  " + sentence)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ entries: [SpoolEntry], tenant: TenantID, state: SpoolDirectory, now: Date) -> Row {
        var buckets = [Int](repeating: 0, count: bucketMinutes.count + 1)
        var future = 0
        for entry in entries {
            let minutes = now.timeIntervalSince(entry.modified) / 60
            if minutes < 0 {
                future += 1
            } else {
                buckets[bucketMinutes.firstIndex { minutes < Double($0) } ?? bucketMinutes.count] += 1
            }
        }
        return Row(tenant: tenant, state: state, total: entries.count, future: future, buckets: buckets)
    }

    private static func line(_ fields: [String]) -> String {
        let widths = [8, 10] + [Int](repeating: 6, count: max(0, fields.count - 2))
        return zip(fields, widths).enumerated().map { index, pair in
            index < 2 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                      : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
        }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
