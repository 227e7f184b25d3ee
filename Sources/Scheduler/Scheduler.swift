import Foundation
import Spool
import Synchronization

/// The scheduler's loop, in one thread: it sleeps until the next due time, a change in a watched directory, or
/// a periodic chore, whichever comes first. The directories are the truth; inotify only says where to look.
/// Unchecked: everything but `stop()` runs on the one thread inside `run()`; `stop()` touches only an atomic and a pipe.
final class Scheduler: DaemonLoop, @unchecked Sendable {
    /// A full rescan catches whatever inotify missed; rare, as it stats every waiting file.
    static let rescanInterval: TimeInterval = 300
    static let housekeepingInterval: TimeInterval = 3600
    /// Events waiting for the sender to finish with an order are retried this often.
    static let eventRetryInterval: TimeInterval = 5
    /// Files released per batch, between two directory fsyncs.
    static let batchSize = 2000

    private let spool: Spool
    private let maxAge: TimeInterval
    private let log: Log
    private let readiness: DaemonReadiness
    private let watcher: SpoolWatcher
    private let dueOrders: DueOrders
    private let tenants: TenantConfigs
    private let placement: ShardPlacement
    private let alert: AlertCommand?
    private let stopping = Atomic(false)
    private var queue = DueQueue()
    private var eventQueues: [TenantID: EventQueue] = [:]
    private var tenantsWithNewEvents: Set<TenantID> = []
    /// Tenants another shard serves or `wasp shard move` copies away: nothing of theirs moves here; looked at
    /// again with the waiting events.
    private var tenantsNotServed: Set<TenantID> = []
    /// Their due files, set aside until the tenant is served here again.
    private var parked: [TenantID: Set<WaitingFile>] = [:]
    private var nextEventRetry: Date?
    private var nextRescan = Date.distantPast
    private var nextHousekeeping = Date.distantPast
    private var nextAnswerCheck = Date.distantPast

    init(spool: Spool, tenants: TenantConfigs, placement: ShardPlacement, maxAge: TimeInterval, log: Log,
         readiness: DaemonReadiness, alert: AlertCommand? = nil) throws(SpoolError) {
        self.placement = placement
        self.alert = alert
        self.spool = spool
        self.maxAge = maxAge
        self.log = log
        self.readiness = readiness
        watcher = try SpoolWatcher(spool: spool, directories: [.incoming, .deferred, .events],
                                   interest: [.arrivals, .touches])
        dueOrders = DueOrders(spool: spool, tenants: tenants, maxAge: maxAge, log: log)
        self.tenants = tenants
    }

    /// Makes `run` return soon; safe from any thread.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        watcher.wake()
    }

    func run() {
        while !stopping.load(ordering: .relaxed) {
            let now = Date()
            if now >= nextRescan { rescan(now: now) }
            if now >= nextHousekeeping { housekeep(now: now) }
            if now >= nextAnswerCheck {
                nextAnswerCheck = now.addingTimeInterval(UnansweredOrders(spool: spool, tenants: tenants, placement: placement, log: log).mark(now: now))
            }
            releaseDue(now: now)
            readiness.serving("release pass")
            if let retry = nextEventRetry, retry <= now {
                tenantsWithNewEvents.formUnion(eventQueues.keys)
                tenantsWithNewEvents.formUnion(tenantsNotServed)
                tenantsNotServed = []
                unpark(now: now)
            }
            applyEvents(now: Date())
            for change in watcher.wait(until: nextWake()) { notice(change, now: Date()) }
        }
    }

    private func nextWake() -> Date {
        [queue.nextDue, nextEventRetry, nextRescan, nextHousekeeping, nextAnswerCheck].compactMap { $0 }.min()!
    }

    private func rescan(now: Date) {
        for tenant in spool.tenants() { add(tenant, now: now) }
        nextRescan = now.addingTimeInterval(Self.rescanInterval)
    }

    /// Watches a tenant's directories, then lists them, so no file can arrive unseen in between.
    private func add(_ tenant: TenantID, now: Date) {
        do {
            if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
            try watcher.watch(tenant)
        } catch {
            log.repeating("cannot watch the tenant's spool; rescanning later", tenant: tenant, ["error": error.description])
        }
        for directory in [SpoolDirectory.incoming, .deferred] {
            for entry in spool.list(tenant, directory) {
                schedule(WaitingFile(tenant: tenant, directory: directory, name: entry.name), due: entry.modified, now: now)
            }
        }
        tenantsWithNewEvents.insert(tenant)
    }

    /// A due time beyond `max_age` (a corrupt mtime, a clock that jumped) is looked at by then, never waited on forever.
    private func schedule(_ file: WaitingFile, due: Date, now: Date) {
        queue.schedule(file, at: min(due, now.addingTimeInterval(maxAge)))
    }

    private func notice(_ change: SpoolWatcher.Change, now: Date) {
        switch change {
        case .overflow:
            log.event("inotify queue overflowed; rescanning")
            rescan(now: now)
        case .tenant(let tenant):
            add(tenant, now: now)
        case .file(let tenant, .events, _):
            tenantsWithNewEvents.insert(tenant)
        case .file(let tenant, let directory, let name):
            let file = WaitingFile(tenant: tenant, directory: directory, name: name)
            if let entry = spool.entry(name, tenant: tenant, in: directory) {
                schedule(file, due: entry.modified, now: now)
            } else {
                queue.forget(file)
            }
            // An order arriving may be the one a waiting event is for.
            if eventQueues[tenant]?.waiting.isEmpty == false { tenantsWithNewEvents.insert(tenant) }
        }
    }

    /// Before a tenant's first order of this pass leaves, every event already in its `events/` is applied, so a
    /// cancel that arrived while the scheduler was down (or in the same instant) always wins over the release.
    private func releaseDue(now: Date) {
        var eventsApplied: Set<TenantID> = []
        // Asked once per tenant and pass, not per file: the map is two stats, and a burst is thousands of files.
        var served: [TenantID: Bool] = [:]
        func isServed(_ tenant: TenantID) -> Bool {
            if let known = served[tenant] { return known }
            let verdict = parked[tenant] == nil && placement.serves(tenant)
            served[tenant] = verdict
            return verdict
        }
        while true {
            var due: [WaitingFile] = []
            while due.count < Self.batchSize, let file = queue.popDue(now: now) {
                guard isServed(file.tenant) else {
                    parked[file.tenant, default: []].insert(file)
                    tenantsNotServed.insert(file.tenant)
                    if nextEventRetry == nil { nextEventRetry = now.addingTimeInterval(Self.eventRetryInterval) }
                    continue
                }
                if eventsApplied.insert(file.tenant).inserted { applyEvents(of: file.tenant, now: now) }
                if hasWaitingEvent(for: file) {
                    queue.schedule(file, at: now.addingTimeInterval(Self.eventRetryInterval))
                    continue
                }
                due.append(file)
            }
            if due.isEmpty { return }
            var releasing: [(file: WaitingFile, id: OrderID)] = []
            for reading in dueOrders.read(due) {
                let verdict = dueOrders.handle(reading, now: now)
                if case .release(let id) = verdict { releasing.append((reading.file, id)) } else { follow(verdict, of: reading.file) }
            }
            if releasing.isEmpty { continue }
            for (order, verdict) in zip(releasing, dueOrders.release(releasing, now: now)) { follow(verdict, of: order.file) }
        }
    }

    private func follow(_ verdict: DueOrders.Verdict, of file: WaitingFile) {
        switch verdict {
        case .released(let id): log.event("ready", tenant: file.tenant, order: id.rawValue, ["from": file.directory.rawValue])
        case .reschedule(let due): queue.schedule(file, at: due)
        case .release, .done: break
        }
    }

    /// Due files of tenants served here again go back in the queue; the rest wait for the next look.
    private func unpark(now: Date) {
        for tenant in Array(parked.keys) {
            if placement.serves(tenant) {
                for file in parked.removeValue(forKey: tenant) ?? [] { queue.schedule(file, at: now) }
            } else if !FileManager.default.fileExists(atPath: spool.path(tenant)) {
                // A copy forgotten after a move has nothing left to schedule.
                parked.removeValue(forKey: tenant)
            } else {
                tenantsNotServed.insert(tenant)
            }
        }
    }

    private func applyEvents(now: Date) {
        guard !tenantsWithNewEvents.isEmpty else { return }
        for tenant in tenantsWithNewEvents { applyEvents(of: tenant, now: now) }
        nextEventRetry = eventQueues.isEmpty && tenantsNotServed.isEmpty ? nil : now.addingTimeInterval(Self.eventRetryInterval)
    }

    private func applyEvents(of tenant: TenantID, now: Date) {
        guard placement.serves(tenant) else {
            tenantsWithNewEvents.remove(tenant)
            tenantsNotServed.insert(tenant)
            return
        }
        var events = eventQueues[tenant] ?? EventQueue(spool: spool, tenant: tenant, maxAge: maxAge, log: log, tenants: tenants, alert: alert)
        events.apply(now: now)
        eventQueues[tenant] = events.waiting.isEmpty ? nil : events
        tenantsWithNewEvents.remove(tenant)
        if !eventQueues.isEmpty && nextEventRetry == nil { nextEventRetry = now.addingTimeInterval(Self.eventRetryInterval) }
    }

    /// An event about this order that could not be applied yet (a file it could not rewrite): the order stays
    /// where it is until it has been, as a cancel must never lose to a release.
    private func hasWaitingEvent(for file: WaitingFile) -> Bool {
        guard let waiting = eventQueues[file.tenant]?.waiting.values, let id = OrderID(fileName: file.name) else { return false }
        return waiting.contains { $0.order == id }
    }

    private func housekeep(now: Date) {
        let housekeeping = Housekeeping(spool: spool, log: log)
        for tenant in spool.tenants() where placement.serves(tenant) { housekeeping.run(tenant, now: now) }
        nextHousekeeping = now.addingTimeInterval(Self.housekeepingInterval)
    }
}
