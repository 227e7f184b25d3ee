import Foundation
import Spool
import WhatsAppCloud

/// `wasp sender`: one thread watches every tenant's `ready/` and `whatsapp/` (inotify, plus a scan every
/// `rescanInterval`) and queues the work; `sender.max_browsers` workers take it in turns across tenants.
public final class Sender: DaemonLoop, @unchecked Sendable {
    static let rescanInterval: TimeInterval = 30
    /// How often the file of a tenant with no usable configuration is looked at again (a stat).
    static let configurationRetryInterval: TimeInterval = 5
    /// After a send, replies are looked for at most this often (the poll, `confirm.poll`, is the longest wait).
    static let replyLookAfterSend: TimeInterval = 60

    private let spool: Spool
    private let tenants: TenantConfigs
    private let config: WaspConfig
    private let log: Log
    private let queues = TenantQueues()
    private let pool: BrowserPool
    private let delivery: OrderDelivery
    private let linking: Linking
    private let replies: ReplyReader
    private let selfChecks: SelfChecks
    private let watcher: SpoolWatcher
    private let placement: ShardPlacement
    private let workers = DispatchGroup()
    private let stopping = NSLock()
    private var stopped = false

    public init(spool: Spool, tenants: TenantConfigs, config: WaspConfig, log: Log, readiness: DaemonReadiness) throws(SpoolError) {
        self.spool = spool
        self.tenants = tenants
        self.config = config
        self.log = log
        placement = ShardPlacement(name: config.shardName, etc: tenants.etc, log: log)
        pool = BrowserPool(config: config, etc: tenants.etc, spool: spool, placement: placement, log: log)
        let states = LinkStates(spool: spool, alertCommand: config.alertCommand, log: log)
        delivery = OrderDelivery(spool: spool, web: WebProvider(pool: pool, log: log),
                                 cloud: CloudProvider(client: CloudClient(apiURL: config.cloudAPIURL, timeout: config.cloudTimeout)),
                                 queues: queues, log: log, readiness: readiness, states: states, retry: RetryPolicy(
            maxAttempts: config.senderMaxAttempts, base: config.senderRetryBase, maximum: config.senderRetryMax))
        selfChecks = SelfChecks(spool: spool, pool: pool, etc: tenants.etc, states: states, every: config.senderSelfCheckEvery, log: log)
        linking = Linking(spool: spool, pool: pool, queues: queues, window: config.linkWindow, states: states,
                          selfChecks: selfChecks, log: log)
        replies = ReplyReader(spool: spool, pool: pool, log: log)
        watcher = try SpoolWatcher(spool: spool, directories: [.ready, .whatsapp], interest: .arrivals)
    }

    /// Works until `stop()`; then waits for messages in flight and closes the browsers.
    public func run() {
        for tenant in spool.tenants() { adopt(tenant, recovering: true) }
        for _ in 0..<config.senderMaxBrowsers { startWorker() }
        var nextScan = Date().addingTimeInterval(Self.rescanInterval)
        while !isStopped {
            // Woken every few seconds too, to write outcomes a full disk refused as soon as it has room.
            for change in watcher.wait(until: min(nextScan, Date().addingTimeInterval(UnrecordedOutcomes.retryInterval))) {
                notice(change)
            }
            delivery.recordUnrecorded()
            pool.closeUnused()
            if Date() >= nextScan {
                for tenant in spool.tenants() { adopt(tenant, recovering: false) }
                // An idle browser of a tenant that moved away is closed too, so its profile can be copied.
                for tenant in spool.tenants() where !placement.serves(tenant) { pool.close(tenant) }
                nextScan = Date().addingTimeInterval(Self.rescanInterval)
            }
        }
        queues.stop()
        workers.wait()
        delivery.recordUnrecordedBeforeStopping()
        pool.closeAll()
    }

    public func stop() {
        stopping.withLock { stopped = true }
        pool.stop()
        watcher.wake()
    }

    private var isStopped: Bool { stopping.withLock { stopped } }

    private func notice(_ change: SpoolWatcher.Change) {
        switch change {
        case .file(let tenant, .ready, let name): queues.addReady(tenant, name)
        case .file(let tenant, .whatsapp, Spool.linkRequestFile):
            // The event may come after a link the start-up scan found the file for has taken it away: not again.
            guard spool.exists(Spool.linkRequestFile, tenant: tenant, in: .whatsapp) else { break }
            log.event("link requested", tenant: tenant)
            queues.requestLink(tenant)
        case .file(let tenant, .whatsapp, Spool.forgetPagesFile): Evidence.forget(tenant: tenant, spool: spool, log: log)
        case .file: break
        case .tenant(let tenant): adopt(tenant, recovering: false)
        case .overflow: spool.tenants().forEach { adopt($0, recovering: false) }
        }
    }

    /// Watches a tenant and queues what waits in its directories. At start, orders in `active/` were claimed
    /// before a crash: they are checked against the chat before any resend.
    /// A WhatsApp Web tenant that asks: its customers answer in the chat, which only the sender can read.
    private func listensInChats(_ config: TenantConfig) -> Bool {
        config.confirm.ask && delivery.provider(for: config).needsLinking
    }

    private func adopt(_ tenant: TenantID, recovering: Bool) {
        // A tenant's directory is reported when it appears, before whoever made it has made its directories.
        do {
            if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
            try watcher.watch(tenant)
        } catch {
            log.repeating("cannot watch the tenant", tenant: tenant, ["error": error.description])
        }
        // A tenant switched to a provider with nothing to link (the Cloud API) goes on at the next scan, even while
        // its orders were waiting for a WhatsApp Web link.
        if case .found(let config) = tenants.lookup(tenant), !delivery.provider(for: config).needsLinking {
            queues.setLinked(tenant, true)
        } else if recovering {
            // A page paused by its self-check is linked: checked again, not linked again.
            let status = spool.linkStatus(tenant)
            queues.setLinked(tenant, status.state == .linked || status.isPausedBySelfCheck)
        }
        if recovering {
            SendingMarker.removeStale(spool, tenant)
            for entry in spool.list(tenant, .active) where entry.name.hasSuffix(".json") {
                log.event("found in active/ at start; checking the chat before any resend", tenant: tenant,
                          order: OrderID(fileName: entry.name)?.rawValue)
                queues.addClaimed(tenant, entry.name)
            }
        }
        if spool.exists(Spool.linkRequestFile, tenant: tenant, in: .whatsapp) { queues.requestLink(tenant) }
        Evidence.forget(tenant: tenant, spool: spool, log: log)
        if case .found(let config) = tenants.lookup(tenant), listensInChats(config),
           replies.anyListening(tenant, expire: config.confirm.expire) {
            queues.listenForReplies(tenant, poll: config.confirm.poll)
        }
        for entry in spool.list(tenant, .ready).sorted(by: { $0.modified < $1.modified }) where entry.name.hasSuffix(".json") {
            queues.addReady(tenant, entry.name)
        }
    }

    /// A tenant another shard serves, or that `wasp shard move` is copying to one, gets no new claim and no
    /// browser here; an order already in `active/` is settled first, since the copy waits for `active/` to drain.
    private func isServedHere(_ job: SenderJob) -> Bool {
        let verdict = placement.verdict(for: job.tenant)
        if verdict == .here || (verdict == .moving && job.isClaimed) {
            if queues.resume(job.tenant, from: "shard") { log.event("served by this shard again; its orders go on", tenant: job.tenant) }
            return true
        }
        pool.close(job.tenant)
        if queues.setAside(job, until: Date().addingTimeInterval(Self.configurationRetryInterval), because: "shard") {
            log.event("not served by this shard now; nothing is sent from here", tenant: job.tenant, ["placement": "\(verdict)"])
        }
        return false
    }

    private func startWorker() {
        workers.enter()
        let thread = Thread { [self] in
            while let job = queues.next() { perform(job) }
            workers.leave()
        }
        thread.name = "sender-worker"
        thread.start()
    }

    private func perform(_ job: SenderJob) {
        work(on: job)
        // Early in a browser's session, its WhatsApp Web is looked at for dialogs while nothing else is due.
        if let end = pool.dialogWatchEnd(job.tenant) {
            queues.watchForDialogs(job.tenant, until: end, every: BrowserPool.dialogLook)
        }
    }

    private func work(on job: SenderJob) {
        let tenant = job.tenant
        guard isServedHere(job) else { return }
        guard case .found(let tenantConfig) = tenants.lookup(tenant) else {
            // Looked at again now and then: a stat, and a log line from TenantConfigs only when the file has changed.
            if queues.setAside(job, until: Date().addingTimeInterval(Self.configurationRetryInterval), because: "configuration") {
                log.event("no usable tenant configuration; its orders wait until the file is fixed", tenant: tenant,
                          ["file": TenantConfig.path(etc: tenants.etc, tenant: tenant)])
            }
            return
        }
        if queues.resume(tenant, from: "configuration") { log.event("tenant configuration usable again; its orders go on", tenant: tenant) }
        if !delivery.provider(for: tenantConfig).needsLinking {
            // Nothing to link (the Cloud API): its orders go as soon as they are ready.
            queues.setLinked(tenant, true)
            if case .link = job {
                try? spool.remove(Spool.linkRequestFile, tenant: tenant, from: .whatsapp)
                queues.clearLinkRequest(tenant)
                return queues.finish(tenant, gap: 0)
            }
        }
        guard passesSelfCheck(job, tenantConfig) else { return }
        switch job {
        case .link:
            linking.link(tenant)
            queues.finish(tenant, gap: 0)
        case .send(_, let name, let claimed):
            let result = delivery.deliver(tenant, name: name, claimed: claimed, config: tenantConfig)
            queues.finish(tenant, gap: result == .messaged ? tenantConfig.minGap * Double.random(in: 1...1.5) : 0)
            if result == .messaged && listensInChats(tenantConfig) {
                // The browser is open anyway: look for replies once this tenant's sends are done.
                queues.listenForReplies(tenant, poll: tenantConfig.confirm.poll, atLeast: Self.replyLookAfterSend)
            }
        case .failUnsendable(_, let names):
            delivery.failUnsendable(tenant, names: names, config: tenantConfig)
            queues.finish(tenant, gap: 0)
        case .readReplies:
            let listening = replies.listening(tenant, expire: tenantConfig.confirm.expire)
            _ = replies.read(tenant, orders: listening)
            queues.finish(tenant, gap: 0)
            if !listening.isEmpty { queues.listenForReplies(tenant, poll: tenantConfig.confirm.poll) }
        case .closeDialogs:
            pool.closeDialogs(tenant)
            queues.finish(tenant, gap: 0)
        }
    }

    /// A WhatsApp Web tenant's sends and chat reads wait while its page fails the self-check, its orders in
    /// `ready/` (or `active/`, found there at start, which must not be looked for with selectors that miss); the
    /// check runs again every `sender.self_check_retry` with the selectors file as it is then.
    private func passesSelfCheck(_ job: SenderJob, _ tenantConfig: TenantConfig) -> Bool {
        if case .link = job { return true }
        guard delivery.provider(for: tenantConfig).needsLinking, !failsWithoutBrowser(job) else { return true }
        guard selfChecks.verdict(for: job.tenant) == .failed else {
            _ = queues.resume(job.tenant, from: "self-check")
            return true
        }
        _ = queues.setAside(job, until: Date().addingTimeInterval(config.senderSelfCheckRetry), because: "self-check")
        return false
    }

    /// An order without a phone fails at once, and needs neither the browser nor its check.
    private func failsWithoutBrowser(_ job: SenderJob) -> Bool {
        guard case .send(let tenant, let name, let claimed) = job, let id = OrderID(fileName: name),
              let record = try? spool.loadOrder(id, tenant: tenant, in: claimed ? .active : .ready) else { return false }
        return record.phone.e164 == nil
    }
}
