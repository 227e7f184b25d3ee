import Foundation
import Spool
import Synchronization

/// Keeps the order index in step with the spool and tells the open pages: inotify on every tenant's state
/// directories and `whatsapp/`, one refresh per order named in an event, a full rebuild when the kernel lost
/// events, and a look for new tenants every `rescanInterval`. No polling of the orders themselves.
/// Unchecked: only `run`'s thread uses the watcher and `waiting`, apart from `wake()`, safe from any thread.
public final class SpoolFollower: DaemonLoop, @unchecked Sendable {
    private let spool: Spool
    private let index: OrderIndex
    private let dashboard: Dashboard
    private let log: Log
    private let watcher: SpoolWatcher
    private let stopped = Atomic<Bool>(false)
    private let rescanInterval: TimeInterval = 30
    /// Reads the received times of a tenant's orders after each (re)build, one tenant at a time, off the
    /// follower's thread so events keep flowing meanwhile.
    private let reader = DispatchQueue(label: "wasp.dashboard.received-times")
    /// Tenant directories seen but not complete yet (the intake is still making them), and since when; after
    /// `rescanInterval` the periodic rescan takes over, so a stray directory is not looked at 5 times a second.
    private var waiting: [TenantID: Date] = [:]

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
        spool.tenants().forEach(adopt)
        var nextScan = Date().addingTimeInterval(rescanInterval)
        while !stopped.load(ordering: .relaxed) {
            // A tenant directory the intake is still filling: look again soon rather than in 30 s.
            let wakeUp = waiting.isEmpty ? nextScan : min(nextScan, Date().addingTimeInterval(0.2))
            apply(watcher.wait(until: wakeUp))
            waiting = waiting.filter { Date().timeIntervalSince($0.value) < rescanInterval }
            waiting.keys.forEach(adopt)
            if Date() >= nextScan {
                spool.tenants().filter(spool.isPrepared).forEach(adopt)
                nextScan = Date().addingTimeInterval(rescanInterval)
            }
        }
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        watcher.wake()
    }

    /// Watches and indexes a tenant the first time it is seen with its directories made.
    private func adopt(_ tenant: TenantID) {
        guard !index.knows(tenant) else { return }
        guard spool.isPrepared(tenant) else {
            if waiting[tenant] == nil { waiting[tenant] = Date() }
            return
        }
        waiting[tenant] = nil
        do { try watcher.watch(tenant) } catch {
            log.repeating("cannot watch the tenant", tenant: tenant, ["error": error.description])
            return
        }
        rebuild(tenant)
    }

    private func rebuild(_ tenant: TenantID) {
        index.rebuild(tenant)
        reader.async { [index] in index.readReceivedTimes(tenant) }
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
                spool.tenants().filter(index.knows).forEach(rebuild)
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
