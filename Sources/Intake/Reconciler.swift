import Foundation
import HTTP
import Shopify
import Spool
import Synchronization

/// The intake's reconciliation, on a thread of its own: every `shopify.reconcile` it asks Shopify for the orders
/// created or cancelled since the tenant's durable watermark, stores each it has never seen through the webhook's
/// own door (`WebhookStore`, so an order found both ways is one order), and applies a cancel it missed. Beside it,
/// the feed's condition (orders whose webhook never came; no webhook for `shopify.quiet_alert`) is said once per change.
final class Reconciler: @unchecked Sendable {
    /// An order this young is left for the next pass: its webhook may be on its way.
    static let settling: TimeInterval = 60
    /// The longest nap between two looks at the tenants' feeds.
    static let longestNap: TimeInterval = 60
    static let stopGrace: DispatchTimeInterval = .seconds(3)
    /// How far back a pass looks at most, however old the watermark (reconciliation long off, a long outage):
    /// older orders would be confirmed days late, and the sender gives up on them anyway (`max_age`, 3d).
    static let longestLookBack: TimeInterval = 3 * 86400

    private let spool: Spool
    private let tenants: TenantConfigs
    private let shards: ShardPlacement
    private let feed: FeedWatch
    private let alarm: FeedAlarm
    private let clients: AdminClients
    private let log: Log
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = Atomic(false)
    // Touched by the reconciling thread only.
    private var due: [TenantID: Date] = [:]
    private var withoutCredentials: Set<TenantID> = []
    /// Why Shopify could not be asked, per tenant, so it is logged once per change.
    private var problems: [TenantID: String] = [:]

    init(spool: Spool, tenants: TenantConfigs, shards: ShardPlacement, feed: FeedWatch, alertCommand: String?, log: Log) {
        self.spool = spool
        self.tenants = tenants
        self.shards = shards
        self.feed = feed
        self.log = log
        alarm = FeedAlarm(spool: spool, alertCommand: alertCommand.map { AlertCommand($0, log: log) }, log: log)
        clients = AdminClients(log: log)
    }

    func start() {
        Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                let next = pass(now: Date())
                _ = wake.wait(timeout: .now() + max(0, next.timeIntervalSinceNow))
            }
            finished.signal()
        }.start()
    }

    /// Stops the thread, waiting a while for it to finish its pass: a pass waiting on Shopify (15 s a request)
    /// must not hold up a shutdown, and whatever it stores is durable or invisible at every instant.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        wake.signal()
        _ = finished.wait(timeout: .now() + Self.stopGrace)
    }

    /// Looks at every tenant this shard serves; returns when to look again.
    private func pass(now: Date) -> Date {
        var next = now.addingTimeInterval(Self.longestNap)
        for tenant in tenants.tenants() where shards.serves(tenant) {
            guard case .found(let config) = tenants.lookup(tenant) else { continue }
            if let reconciled = reconcileIfDue(config, now: now) { next = min(next, reconciled) }
            watchFeed(config, now: now)
            // A tenth of the quiet time, so the alert comes within 10 % of it.
            if config.quietAlert > 0 { next = min(next, now.addingTimeInterval(max(1, config.quietAlert / 10))) }
        }
        return next
    }

    /// A pass for the tenant when its time has come; returns when the next is due (nil: it does not reconcile).
    private func reconcileIfDue(_ config: TenantConfig, now: Date) -> Date? {
        let tenant = config.tenant
        guard config.reconcileEvery > 0 else { return nil }
        guard let admin = clients.admin(for: tenant, config.writeback) else {
            if withoutCredentials.insert(tenant).inserted {
                log.event("no reconciliation: no Shopify Admin credentials (shopify.client_id with shopify.client_secret_file, "
                          + "or shopify.admin_token_file); orders whose webhook never comes are not pulled", tenant: tenant)
            }
            return nil
        }
        withoutCredentials.remove(tenant)
        if let next = due[tenant], next > now { return next }
        let next = now.addingTimeInterval(config.reconcileEvery)
        due[tenant] = next
        do {
            try reconcile(config, admin: admin, now: now)
        } catch {
            log.repeating("reconciliation cannot store what it found; it tries again", tenant: tenant, ["error": "\(error)"])
        }
        return next
    }

    private func reconcile(_ config: TenantConfig, admin: ShopifyAdmin, now: Date) throws {
        let tenant = config.tenant
        if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
        // The first pass only sets the watermark: the orders before wasp reconciled are not its to confirm late.
        guard let watermark = spool.reconcileWatermark(tenant) else {
            try spool.setReconcileWatermark(now, tenant: tenant)
            log.event("reconciliation starts", tenant: tenant, ["since": Timestamp.string(now)])
            return
        }
        let since = max(watermark, now.addingTimeInterval(-Self.longestLookBack))
        let settled = now.addingTimeInterval(-min(Self.settling, config.reconcileEvery / 2))
        switch admin.orders(updatedSince: since) {
        case .failed(let answer):
            let problem = answer.problem ?? "-"
            if problems.updateValue(problem, forKey: tenant) != problem {
                log.event("reconciliation waits: Shopify could not be asked", tenant: tenant, ["problem": problem])
            }
        case .found(let orders):
            if problems.removeValue(forKey: tenant) != nil { log.event("reconciliation goes on: Shopify answers again", tenant: tenant) }
            let found = try orders.compactMap { try apply($0, config: config, settled: settled) }
            if !found.isEmpty { missed(found, tenant: tenant) }
            try spool.setReconcileWatermark(max(since, settled), tenant: tenant)
        }
    }

    /// Stores an order never seen, or applies a cancel not applied; returns the id of an order stored.
    private func apply(_ order: ShopifyOrder, config: TenantConfig, settled: Date) throws -> String? {
        guard let id = OrderID(json: order.node["legacyResourceId"]) else { return nil }
        let state = spool.state(of: id, tenant: config.tenant)
        if let cancelled = order.cancelledAt {
            // Left for the next pass while its webhook may be on its way, like a young order.
            if Timestamp.date(cancelled).map({ $0 <= settled }) ?? true { try applyCancel(order, id: id, in: state, config: config) }
            return nil
        }
        guard state == nil, let created = order.createdAt, created <= settled else { return nil }
        let delivery = Delivery(tenant: config, topic: .ordersCreate, headers: ShopifyHeaders(HTTPHeaders([])), body: order.webhookBody,
                                received: Date(), source: "reconcile")
        return try WebhookStore(spool: spool, log: log).store(delivery) == .accepted ? id.rawValue : nil
    }

    /// A cancel for an order in the spool and not cancelled there, stored as the orders/cancelled webhook would
    /// have been, once (a marker in `seen/`). An order cancelled before wasp ever saw it is not stored: there is
    /// nobody to confirm.
    private func applyCancel(_ order: ShopifyOrder, id: OrderID, in state: SpoolDirectory?, config: TenantConfig) throws {
        let marker = "reconcile-cancel-" + id.rawValue
        guard let state, state != .cancelled, !spool.exists(marker, tenant: config.tenant, in: .seen) else { return }
        let delivery = Delivery(tenant: config, topic: .ordersCancelled, headers: ShopifyHeaders(HTTPHeaders([])),
                                body: order.cancelBody, received: Date(), source: "reconcile")
        _ = try WebhookStore(spool: spool, log: log).store(delivery)
        _ = try spool.mark(marker, tenant: config.tenant, in: .seen)
        log.event("reconciliation applies a cancel whose webhook never came", tenant: config.tenant, order: id.rawValue,
                  ["state": state.rawValue])
    }

    private func missed(_ found: [String], tenant: TenantID) {
        var condition = spool.feedCondition(tenant)
        condition.noteMissed(found)
        alarm.announce(condition, tenant: tenant)
    }

    /// The feed's condition now: the missed orders stand until a webhook comes after them; quiet is a webhook older
    /// than `shopify.quiet_alert` while the spool holds orders (a shop that sells, not one that never did).
    private func watchFeed(_ config: TenantConfig, now: Date) {
        let tenant = config.tenant
        let heard = feed.lastHeard(tenant)
        var condition = spool.feedCondition(tenant)
        if condition.missedCount > 0, let raised = spool.feedConditionWritten(tenant), heard > raised { condition.clearMissed() }
        let isQuiet = config.quietAlert > 0 && now.timeIntervalSince(heard) >= config.quietAlert && holdsOrders(tenant)
        if !isQuiet {
            condition.quietSince = nil
        } else if condition.quietSince == nil {
            condition.quietSince = heard
            condition.quietAlert = config.quietAlert
        }
        alarm.announce(condition, tenant: tenant)
    }

    private func holdsOrders(_ tenant: TenantID) -> Bool {
        SpoolDirectory.orderStates.contains { !spool.list(tenant, $0).isEmpty }
    }
}
