import Foundation
import Spool
import Synchronization

/// Keeps the order index in step with the spool and tells the open pages: inotify on every tenant's state
/// directories and `whatsapp/`, one refresh per order named in an event, a full rebuild when the kernel lost
/// events, and a look for new tenants every `rescanInterval`. No polling of the orders themselves.
/// Unchecked: only `run`'s thread uses the watcher, apart from `wake()`, which is safe from any thread.
public final class SpoolFollower: DaemonLoop, @unchecked Sendable {
    private let spool: Spool
    private let index: OrderIndex
    private let dashboard: Dashboard
    private let log: Log
    private let watcher: SpoolWatcher
    private let stopped = Atomic<Bool>(false)
    private let rescanInterval: TimeInterval = 30

    public init(spool: Spool, index: OrderIndex, dashboard: Dashboard, log: Log) throws(SpoolError) {
        self.spool = spool
        self.index = index
        self.dashboard = dashboard
        self.log = log
        watcher = try SpoolWatcher(spool: spool, directories: SpoolDirectory.orderStates + [.whatsapp],
                                   interest: [.arrivals, .departures])
    }

    /// Indexes every tenant, then follows changes until `stop()`.
    public func run() {
        for tenant in spool.tenants() { adopt(tenant) }
        let reading = Thread { [spool, index] in spool.tenants().forEach(index.readReceivedTimes) }
        reading.start()
        var nextScan = Date().addingTimeInterval(rescanInterval)
        while !stopped.load(ordering: .relaxed) {
            apply(watcher.wait(until: nextScan))
            if Date() >= nextScan {
                spool.tenants().forEach(adopt)
                nextScan = Date().addingTimeInterval(rescanInterval)
            }
            // A tenant directory the intake is still filling: look again soon rather than in 30 s.
            if spool.tenants().contains(where: { !index.knows($0) }) {
                nextScan = min(nextScan, Date().addingTimeInterval(0.2))
            }
        }
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        watcher.wake()
    }

    /// Watches and indexes a tenant the first time it is seen with its directories made.
    private func adopt(_ tenant: TenantID) {
        guard spool.isPrepared(tenant), !index.knows(tenant) else { return }
        do { try watcher.watch(tenant) } catch {
            log.event("cannot watch the tenant", tenant: tenant, ["error": error.description])
            return
        }
        index.rebuild(tenant)
    }

    private func apply(_ changes: [SpoolWatcher.Change]) {
        var orders: [TenantID: Set<OrderID>] = [:]
        var links: Set<TenantID> = []
        for change in changes {
            switch change {
            case .file(let tenant, .whatsapp, _): links.insert(tenant)
            case .file(let tenant, _, let name):
                if let id = OrderID(fileName: name) { orders[tenant, default: []].insert(id) }
            case .tenant(let tenant): adopt(tenant)
            case .overflow:
                log.event("inotify queue overflowed; re-reading every tenant")
                spool.tenants().forEach(index.rebuild)
            }
        }
        for (tenant, ids) in orders {
            for id in ids.sorted(by: OrderIndex.isNewer).reversed() {
                let (entry, changed) = index.refresh(id, tenant: tenant)
                if changed { dashboard.announce(id, tenant: tenant, entry: entry) }
            }
        }
        links.forEach(dashboard.announceWhatsApp)
    }
}
