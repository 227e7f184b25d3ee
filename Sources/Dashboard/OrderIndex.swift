import Foundation
import JSON
import Spool
import Synchronization

/// Where each tenant's orders are, newest first, kept in memory so a page of 100,000 orders costs one slice and
/// fifty file reads. Built from `readdir` at start; after that the spool follower refreshes one order per inotify
/// event. Received times, for the chart by day, are read from the files in the background.
public final class OrderIndex: Sendable {
    public struct Entry: Sendable, Equatable {
        public var state: SpoolDirectory
        /// Seconds since 1970 of `received_at`; nil until the file was read (or if it is unreadable).
        public var received: Int64?
        /// Where an asked order's answer stands, read with `received`.
        public var answer: AnswerStanding? = nil
        /// The customer's latest reply was neither yes, no nor stop.
        public var needsYou = false
    }

    struct Orders {
        var entries: [OrderID: Entry] = [:]
        /// Shopify's order ids grow with time, so the largest id is the newest order.
        var newestFirst: [OrderID] = []
    }

    private let spool: Spool
    private let tenants = Mutex<[TenantID: Orders]>([:])

    public init(spool: Spool) {
        self.spool = spool
    }

    public func knows(_ tenant: TenantID) -> Bool {
        tenants.withLock { $0[tenant] != nil }
    }

    /// Reads the tenant's state directories afresh (at start, and after the kernel lost events).
    public func rebuild(_ tenant: TenantID) {
        var orders = Orders()
        let previous = tenants.withLock { $0[tenant]?.entries } ?? [:]
        // Later states win, as in `wasp fsck`, if a restore left one order in two directories.
        for directory in SpoolDirectory.orderStates {
            for entry in spool.list(tenant, directory) {
                guard let id = OrderID(fileName: entry.name) else { continue }
                orders.entries[id] = Entry(state: directory, received: previous[id]?.received, answer: previous[id]?.answer,
                                           needsYou: previous[id]?.needsYou ?? false)
            }
        }
        orders.newestFirst = orders.entries.keys.sorted(by: Self.isNewer)
        tenants.withLock { $0[tenant] = orders }
    }

    /// Looks where order `id` is now; returns its entry, or nil if it is gone. Nothing is returned unchanged.
    @discardableResult
    public func refresh(_ id: OrderID, tenant: TenantID) -> (entry: Entry?, changed: Bool) {
        let state = spool.state(of: id, tenant: tenant)
        let known = tenants.withLock { $0[tenant]?.entries[id] }
        guard let state else {
            guard known != nil else { return (nil, false) }
            tenants.withLock { $0[tenant]?.remove(id) }
            return (nil, true)
        }
        // Every change of the file is read: an answer can change without the order moving.
        let entry = facts(id, tenant: tenant, in: state)
            ?? Entry(state: state, received: known?.received, answer: known?.answer, needsYou: known?.needsYou ?? false)
        tenants.withLock { $0[tenant, default: Orders()].insert(id, entry) }
        return (entry, known?.state != state || known?.answer != entry.answer || known?.needsYou != entry.needsYou)
    }

    /// One page of the tenant's orders, newest first, with the number of orders the filter matches.
    func page(_ tenant: TenantID, _ filter: OrderFilter, number: Int, size: Int)
        -> (orders: [(id: OrderID, state: SpoolDirectory)], total: Int) {
        tenants.withLock { tenants in
            guard let orders = tenants[tenant] else { return ([], 0) }
            let start = Self.offset(page: number, size: size)
            guard !filter.isEmpty else {
                let ids = orders.newestFirst.dropFirst(start).prefix(size)
                return (ids.map { ($0, orders.entries[$0]!.state) }, orders.newestFirst.count)
            }
            let matching = orders.newestFirst.filter { filter.matches(orders.entries[$0]!) }
            return (matching.dropFirst(start).prefix(size).map { ($0, orders.entries[$0]!.state) }, matching.count)
        }
    }

    /// How many orders come before page `number` (counted from 1). A page number from a URL can be as large as
    /// `Int.max`; where the count does not fit, the page is past every list, so the count is `Int.max`.
    static func offset(page number: Int, size: Int) -> Int {
        let (offset, overflow) = (max(number, 1) - 1).multipliedReportingOverflow(by: size)
        return overflow ? .max : offset
    }

    /// Every entry of the tenant, for counting.
    public func entries(_ tenant: TenantID) -> [Entry] {
        tenants.withLock { Array(($0[tenant]?.entries ?? [:]).values) }
    }

    /// Reads the received time and answer of every order not read yet; the follower's background thread calls it.
    public func readReceivedTimes(_ tenant: TenantID) {
        let missing = tenants.withLock { ($0[tenant]?.entries ?? [:]).filter { $0.value.received == nil } }
        for (id, entry) in missing {
            guard let read = facts(id, tenant: tenant, in: entry.state) else { continue }
            tenants.withLock { entries in
                if entries[tenant]?.entries[id]?.state == read.state { entries[tenant]?.entries[id] = read }
            }
        }
    }

    /// The entry as the file says: nil when it cannot be read.
    private func facts(_ id: OrderID, tenant: TenantID, in state: SpoolDirectory) -> Entry? {
        guard let data = try? spool.read(id.fileName, tenant: tenant, in: state), let json = JSONValue.parse(data),
              let date = json["received_at"].string.flatMap(Timestamp.date) else { return nil }
        let answer = AnswerStanding.of(file: json)
        return Entry(state: state, received: Int64(date.timeIntervalSince1970), answer: answer.standing, needsYou: answer.needsYou)
    }

    static func isNewer(_ lhs: OrderID, _ rhs: OrderID) -> Bool {
        let (left, right) = (lhs.rawValue.utf8.count, rhs.rawValue.utf8.count)
        return left != right ? left > right : lhs.rawValue > rhs.rawValue
    }
}

extension OrderIndex.Orders {
    mutating func insert(_ id: OrderID, _ entry: OrderIndex.Entry) {
        if entries.updateValue(entry, forKey: id) == nil { newestFirst.insert(id, at: position(of: id)) }
    }

    mutating func remove(_ id: OrderID) {
        guard entries.removeValue(forKey: id) != nil else { return }
        let index = position(of: id)
        if index < newestFirst.count && newestFirst[index] == id { newestFirst.remove(at: index) }
    }

    /// Where `id` is, or would go, in `newestFirst` (binary search).
    private func position(of id: OrderID) -> Int {
        var (low, high) = (0, newestFirst.count)
        while low < high {
            let middle = (low + high) / 2
            if OrderIndex.isNewer(newestFirst[middle], id) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
