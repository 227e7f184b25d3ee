import Foundation
import Shopify
import Spool
import Synchronization

/// `wasp writeback`'s loop: each tenant's `writeback/` jobs, one order's oldest first, each when its mtime has
/// passed; a job goes only once Shopify has answered success. A tenant whose token Shopify refuses, or whose shop
/// is frozen or locked, waits, with one log line, and tries again every 10 s, so a fix works within seconds.
final class Writeback: DaemonLoop, @unchecked Sendable {
    static let retryBase: TimeInterval = 30
    static let retryMaximum: TimeInterval = 3600
    static let tokenRecheck: TimeInterval = 10
    /// How soon a cancel Shopify is working on is looked at again.
    static let cancelRecheck: TimeInterval = 2
    /// How often a Dev Dashboard tenant's webhook subscriptions are listed (and the missing ones created), and
    /// how soon again after Shopify could not be asked.
    static let subscriptionRecheck: TimeInterval = 3600
    static let subscriptionRetry: TimeInterval = 300
    /// After the spool refused a write (full, read-only): the next look.
    static let spoolRetry: TimeInterval = 5
    /// A job Shopify refused keeps this suffix in `writeback/`, for the operator and the order's page.
    static let refusedSuffix = ".failed"

    private let spool: Spool
    private let tenants: TenantConfigs
    /// `public_url` in wasp.conf: where the subscriptions wasp keeps send their deliveries.
    private let publicURL: String
    private let placement: ShardPlacement
    private let log: Log
    private let readiness: DaemonReadiness
    private let watcher: SpoolWatcher
    private let stopping = Atomic(false)
    /// Tenants whose token Shopify refused: the problem, and when to look again.
    private var paused: [TenantID: (problem: String, until: Date)] = [:]
    private var unconfigured: Set<TenantID> = []
    /// Tenants' minted tokens, kept while their tenant file names the same app.
    private var grants: [TenantID: ClientCredentialsGrant] = [:]
    private var versionWatches: [TenantID: APIVersionWatch] = [:]
    private var subscriptionsDue: [TenantID: Date] = [:]

    init(spool: Spool, tenants: TenantConfigs, publicURL: String, placement: ShardPlacement, log: Log,
         readiness: DaemonReadiness) throws(SpoolError) {
        self.publicURL = publicURL
        self.placement = placement
        self.spool = spool
        self.tenants = tenants
        self.log = log
        self.readiness = readiness
        watcher = try SpoolWatcher(spool: spool, directories: [.writeback], interest: [.arrivals, .touches])
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        watcher.wake()
    }

    func run() {
        while !stopping.load(ordering: .relaxed) {
            var nextWake = Date().addingTimeInterval(Self.tokenRecheck)
            // A tenant another shard serves, or that is being copied to one, has its jobs done there.
            for tenant in spool.tenants() where placement.serves(tenant) {
                try? watcher.watch(tenant)
                keepSubscriptions(tenant, now: Date())
                if let next = pass(tenant, now: Date()) { nextWake = min(nextWake, next) }
            }
            readiness.serving("first pass")
            _ = watcher.wait(until: nextWake)
        }
    }

    /// Does what is due for one tenant; returns when its next job is due.
    private func pass(_ tenant: TenantID, now: Date) -> Date? {
        let jobs = spool.list(tenant, .writeback).filter { !$0.name.hasSuffix(Self.refusedSuffix) && $0.name.hasSuffix(".json") }
            .sorted { $0.name < $1.name }
        guard !jobs.isEmpty, let admin = admin(for: tenant, now: now) else { return nil }
        var next: Date?
        var seenOrders: Set<Substring> = []
        for entry in jobs {
            guard seenOrders.insert(entry.name.prefix { $0 != "-" }).inserted else { continue }
            guard entry.modified <= now else {
                next = min(next ?? entry.modified, entry.modified)
                continue
            }
            guard let again = work(entry.name, tenant: tenant, admin: admin, now: now) else { return paused[tenant]?.until }
            next = min(next ?? again, again)
        }
        return next
    }

    /// A Dev Dashboard tenant's webhook subscriptions, at start and every hour: Shopify deletes one after 8 failed
    /// deliveries (and tells no one for a shop-admin webhook), so a missing one is created again.
    private func keepSubscriptions(_ tenant: TenantID, now: Date) {
        guard subscriptionsDue[tenant].map({ $0 <= now }) ?? true, case .found(let config) = tenants.lookup(tenant),
              config.writeback.usesClientCredentials, let admin = admin(for: tenant, now: now) else { return }
        var recheck = Self.subscriptionRecheck
        switch admin.keepSubscriptions(tenant: tenant, publicURL: publicURL) {
        case .kept(let created):
            resumed(tenant)
            for topic in created {
                log.event("webhook subscription created", tenant: tenant, ["topic": topic, "uri": "\(publicURL)/webhooks/\(tenant)/\(topic)"])
            }
        case .failed(let answer) where pause(tenant, for: answer, now: now):
            recheck = Self.tokenRecheck
        case .failed(let answer):
            log.event("webhook subscriptions not kept", tenant: tenant,
                      ["problem": answer.problem ?? "-", "retry_in": "\(Int(Self.subscriptionRetry))s"])
            recheck = Self.subscriptionRetry
        }
        subscriptionsDue[tenant] = now.addingTimeInterval(recheck)
    }

    /// The tenant's Admin API client, or nil while it cannot have one (logged once per change).
    private func admin(for tenant: TenantID, now: Date) -> ShopifyAdmin? {
        if let pause = paused[tenant], pause.until > now { return nil }
        guard case .found(let config) = tenants.lookup(tenant), let credential = credential(for: tenant, config.writeback),
              let url = config.writeback.adminURL,
              let admin = ShopifyAdmin(url: url, credential: credential, versionWatch: versionWatch(for: tenant)) else {
            if unconfigured.insert(tenant).inserted {
                log.event("jobs wait: no shopify.client_id with shopify.client_secret_file, nor shopify.admin_token_file, "
                          + "and an admin URL", tenant: tenant)
            }
            return nil
        }
        unconfigured.remove(tenant)
        return admin
    }

    /// The tenant's grant, kept across passes so its token is minted once a day, not once a job.
    private func credential(for tenant: TenantID, _ settings: WritebackSettings) -> (any AdminCredential)? {
        if let source = ClientCredentialsGrant.Source(settings) {
            if let grant = grants[tenant], grant.source == source { return grant }
            let grant = ClientCredentialsGrant(source)
            grants[tenant] = grant
            return grant
        }
        grants[tenant] = nil
        return settings.tokenFile.map(TokenFileCredential.init(path:))
    }

    private func versionWatch(for tenant: TenantID) -> APIVersionWatch {
        if let watch = versionWatches[tenant] { return watch }
        let watch = APIVersionWatch(tenant: tenant, log: log)
        versionWatches[tenant] = watch
        return watch
    }

    /// When this order's jobs may go on (now, unless the spool refused a write); nil when the tenant must stop
    /// (its token is refused).
    private func work(_ name: String, tenant: TenantID, admin: ShopifyAdmin, now: Date) -> Date? {
        do {
            return try attempt(name, tenant: tenant, admin: admin, now: now) ? now : nil
        } catch {
            log.repeating("cannot update a writeback job", tenant: tenant, ["file": name, "error": error.description])
            return now.addingTimeInterval(Self.spoolRetry)
        }
    }

    private func attempt(_ name: String, tenant: TenantID, admin: ShopifyAdmin, now: Date) throws(SpoolError) -> Bool {
        guard var job = WritebackJob.decode(try spool.read(name, tenant: tenant, in: .writeback)) else {
            try spool.setAside(name, tenant: tenant, from: .writeback)
            log.event("set aside in corrupt/: not a writeback job", tenant: tenant, ["file": name])
            return true
        }
        let answer = admin.apply(job)
        switch answer {
        case .done:
            try spool.remove(name, tenant: tenant, from: .writeback)
            resumed(tenant)
            log.event("written back", tenant: tenant, order: job.orderID,
                      ["tags": job.addTags.joined(separator: ","), "cancelled": job.cancel ? "yes" : "no"])
        case .retry(let reason, let after):
            job.tries += 1
            job.problem = reason
            let delay = after ?? min(Self.retryMaximum, Self.retryBase * pow(2, Double(job.tries - 1)))
            try spool.replace(name, tenant: tenant, in: .writeback, with: job.encoded(), modified: now.addingTimeInterval(delay))
            log.event("writeback waits", tenant: tenant, order: job.orderID, ["reason": reason, "retry_in": "\(Int(delay))s"])
        case .tokenProblem, .shopUnavailable:
            _ = pause(tenant, for: answer, now: now)
            return false
        case .cancelling(let started):
            if job.cancelJob != started {
                log.event("Shopify cancels the order", tenant: tenant, order: job.orderID, ["job": started])
            }
            job.cancelJob = started
            try spool.replace(name, tenant: tenant, in: .writeback, with: job.encoded(), modified: now.addingTimeInterval(Self.cancelRecheck))
        case .refused(let problem):
            job.problem = problem
            try spool.replace(name, tenant: tenant, in: .writeback, with: job.encoded(), modified: now)
            do {
                try spool.move(name, tenant: tenant, from: .writeback, to: .writeback, as: name + Self.refusedSuffix)
            } catch .exists {
                // The same job refused before: the older record goes, so this one never blocks the order's next jobs.
                try spool.remove(name + Self.refusedSuffix, tenant: tenant, from: .writeback)
                try spool.move(name, tenant: tenant, from: .writeback, to: .writeback, as: name + Self.refusedSuffix)
            }
            log.event("writeback refused", tenant: tenant, order: job.orderID, ["problem": problem])
        }
        return true
    }

    private func resumed(_ tenant: TenantID) {
        if paused.removeValue(forKey: tenant) != nil { log.event("Shopify takes the tenant's requests again", tenant: tenant) }
    }

    /// Stops the tenant's Shopify work for a shop-wide answer (a refused token or grant, a frozen or locked shop),
    /// with one log line per new problem; false, doing nothing, for any other answer.
    private func pause(_ tenant: TenantID, for answer: AdminAnswer, now: Date) -> Bool {
        let headline: String, problem: String
        switch answer {
        case .tokenProblem(let text): (headline, problem) = ("writeback stops until the token is fixed", text)
        case .shopUnavailable(let text): (headline, problem) = ("writeback stops while the shop is closed", text)
        default: return false
        }
        if paused[tenant]?.problem != problem {
            log.event(headline, tenant: tenant, ["problem": problem])
        }
        paused[tenant] = (problem, now.addingTimeInterval(Self.tokenRecheck))
        return true
    }
}
