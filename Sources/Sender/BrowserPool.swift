import Chromium
import Foundation
import Processes
import Spool
import WhatsApp

/// Warm browsers, one per tenant, at most `capacity` in all: when a tenant without one needs one and the pool is
/// full, or the browsers' memory and one more would pass `sender.memory_budget`, the least recently used idle
/// browser is closed. Only one worker holds a tenant at a time (TenantQueues), and there are as many workers as
/// places, so a full pool always has an idle browser to close. A browser unused for `sender.browser_idle` is
/// closed, and one older than `sender.browser_max_age` once it is idle; none within `sender.link_grace` of a fresh
/// link, as WhatsApp Web writes a new link's keys to the profile some time after the chat list shows.
final class BrowserPool: @unchecked Sendable {
    private struct Warm {
        let browser: Browser
        let web: WhatsAppWeb
        let started: Date
        var lastUsed: Date
        var inUse: Bool
        var keepUntil = Date.distantPast
        /// The browser's start, or the link made in it since: WhatsApp Web shows its dialogs early in a session.
        var sessionStarted: Date
    }

    /// How long after a session starts its idle WhatsApp Web is looked at for dialogs, and how often: WhatsApp logs a
    /// new device out when its "What's new" dialog stays open about 5 minutes, and may show it minutes after the link.
    static let dialogWatch: TimeInterval = 600
    static let dialogLook: TimeInterval = 3

    /// A new browser's memory until one runs to measure (PSS of Debian's Chromium on the stand-in).
    static let browserEstimateKiB = 240 * 1024

    private let capacity: Int
    private let config: WaspConfig
    private let etc: String
    private let spool: Spool
    private let placement: ShardPlacement
    private let log: Log
    private let lock = NSLock()
    private var warm: [TenantID: Warm] = [:]
    /// Places taken by browsers being started, and tenants whose browser is being closed: a tenant's profile is
    /// never opened again before its last browser is gone (a new one would kill it mid-shutdown).
    private var starting: Set<TenantID> = []
    private var closing: Set<TenantID> = []
    private var stopping = false
    /// Known after the first browser starts (`isSandboxAvailable`).
    private var sandboxAvailable: Bool?

    /// SIGTERM: every wait on a page ends within a moment (`BrowserError.stopping`), whatever it waited for.
    func stop() { lock.withLock { stopping = true } }
    var isStopping: Bool { lock.withLock { stopping } }

    init(config: WaspConfig, etc: String, spool: Spool, placement: ShardPlacement, log: Log) {
        self.placement = placement
        capacity = config.senderMaxBrowsers
        self.config = config
        self.etc = etc
        self.spool = spool
        self.log = log
    }

    /// The tenant's browser, started on its profile if it has none or its old one died.
    func acquire(_ tenant: TenantID) throws(SenderError) -> WhatsAppWeb {
        var waiting = false
        while true {
            // Asked again while waiting: a move may have begun since the job was handed out.
            guard mayOpen(tenant) else { throw .notServed }
            switch lock.withLock({ place(for: tenant) }) {
            case .reuse(let web):
                return web
            case .launch(let closing):
                shut(closing)
                defer { lock.withLock { _ = starting.remove(tenant) } }
                makeRoom(for: tenant)
                return try launch(tenant)
            case .wait(let closing):
                shut(closing)
                if !waiting { log.event("waiting for a browser place: each is in use or just linked", tenant: tenant) }
                waiting = true
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
    }

    /// A profile is opened only for a tenant served here, or, while it moves away, to settle an order already in
    /// `active/` (the move waits for that).
    private func mayOpen(_ tenant: TenantID) -> Bool {
        switch placement.verdict(for: tenant) {
        case .here: return true
        case .moving: return spool.list(tenant, .active).contains { $0.name.hasSuffix(".json") }
        case .elsewhere, .broken: return false
        }
    }

    private enum Place {
        case reuse(WhatsAppWeb)
        /// Start one, once these are closed (a dead one of the tenant's, the least recently used one).
        case launch(closing: [(TenantID, Browser)])
        /// Every place is taken by a browser in use, starting or in its link grace, or the tenant's last browser
        /// is still closing.
        case wait(closing: [(TenantID, Browser)])
    }

    /// Closes browsers taken out of `warm` (and marked `closing`), then lets their tenants have one again.
    private func shut(_ browsers: [(TenantID, Browser)]) {
        for (tenant, browser) in browsers {
            browser.close()
            lock.withLock { _ = closing.remove(tenant) }
        }
    }

    /// Takes the tenant's entry out of `warm` to be closed. Called with the lock held.
    private func takeOut(_ tenant: TenantID) -> (TenantID, Browser)? {
        guard let entry = warm.removeValue(forKey: tenant) else { return nil }
        closing.insert(tenant)
        return (tenant, entry.browser)
    }

    /// Called with the lock held.
    private func place(for tenant: TenantID) -> Place {
        if let existing = warm[tenant], existing.browser.isRunning {
            warm[tenant]!.inUse = true
            return .reuse(existing.web)
        }
        let dead = takeOut(tenant).map { [$0] } ?? []
        guard !closing.contains(tenant) || !dead.isEmpty else { return .wait(closing: []) }
        guard warm.count + starting.count >= capacity else {
            starting.insert(tenant)
            return .launch(closing: dead)
        }
        guard let idlest = takeIdlest() else { return .wait(closing: dead) }
        log.event("closing the least recently used browser", tenant: idlest.0)
        starting.insert(tenant)
        return .launch(closing: dead + [idlest])
    }

    /// Takes out the least recently used idle browser outside its link grace. Called with the lock held.
    private func takeIdlest(now: Date = Date()) -> (TenantID, Browser)? {
        guard let idlest = warm.filter({ !$0.value.inUse && $0.value.keepUntil <= now })
            .min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { return nil }
        return takeOut(idlest.key)
    }

    /// Under `sender.memory_budget`: closes idle browsers until the running ones and one more fit, waiting (a
    /// minute at most) for one to become idle when none is; past that the browser starts anyway, said once.
    private func makeRoom(for tenant: TenantID) {
        guard let budget = config.senderMemoryBudget.map({ $0 / 1024 }) else { return }
        let deadline = Date().addingTimeInterval(60)
        while true {
            let (pids, othersStarting) = lock.withLock { (warm.values.map(\.browser.pid), starting.count - 1) }
            let used = pids.reduce(0) { $0 + ProcessTree.proportionalKiB($1) }
            let estimate = pids.isEmpty ? Self.browserEstimateKiB : max(Self.browserEstimateKiB, used / pids.count)
            if used + estimate * (1 + othersStarting) <= budget { return }
            if let idlest = lock.withLock({ takeIdlest() }) {
                log.event("closing the least recently used browser for the memory budget", tenant: idlest.0,
                          ["browsers_mib": "\(used / 1024)", "budget_mib": "\(budget / 1024)"])
                shut([idlest])
                continue
            }
            guard Date() < deadline else {
                return log.event("starting a browser past the memory budget: every other one is in use", tenant: tenant,
                                 ["browsers_mib": "\(used / 1024)", "budget_mib": "\(budget / 1024)"])
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// Closes browsers unused for `sender.browser_idle`, and idle ones older than `sender.browser_max_age`.
    func closeUnused(now: Date = Date()) {
        let due = lock.withLock { () -> [(TenantID, Browser, String)] in
            warm.filter { !$0.value.inUse && $0.value.keepUntil <= now }.compactMap { tenant, entry -> (TenantID, Browser, String)? in
                let reason = now.timeIntervalSince(entry.lastUsed) >= config.senderBrowserIdle ? "idle"
                    : now.timeIntervalSince(entry.started) >= config.senderBrowserMaxAge ? "recycled" : nil
                return reason.flatMap { reason in takeOut(tenant).map { ($0.0, $0.1, reason) } }
            }
        }
        for (tenant, browser, reason) in due {
            log.event("closing the browser", tenant: tenant, ["reason": reason])
            shut([(tenant, browser)])
        }
    }

    /// Keeps the tenant's browser open through `sender.link_grace`, as a fresh link's keys are saved late; a new
    /// session begins.
    func keepOpenAfterLink(_ tenant: TenantID) {
        lock.withLock {
            warm[tenant]?.keepUntil = Date().addingTimeInterval(config.senderLinkGrace)
            warm[tenant]?.sessionStarted = Date()
        }
    }

    /// When the dialog watch of the tenant's running browser ends; nil once it has, or with no browser.
    func dialogWatchEnd(_ tenant: TenantID, now: Date = Date()) -> Date? {
        lock.withLock {
            guard let entry = warm[tenant], entry.browser.isRunning else { return nil }
            let end = entry.sessionStarted.addingTimeInterval(Self.dialogWatch)
            return end > now ? end : nil
        }
    }

    /// Closes any dialog on the tenant's running browser (none is started for it); a look is not a use, so the
    /// browser's idle time runs on. A browser that breaks meanwhile is killed, for the next send to start afresh.
    func closeDialogs(_ tenant: TenantID) {
        let web: WhatsAppWeb? = lock.withLock {
            guard let entry = warm[tenant], entry.browser.isRunning else { return nil }
            warm[tenant]!.inUse = true
            return entry.web
        }
        guard let web else { return }
        do {
            try web.closeDialogs()
        } catch .stopping {
            // The look is over; the browser is closed with the others.
        } catch {
            log.event("the browser failed while looking for dialogs; the next send starts a new one", tenant: tenant,
                      ["error": error.description])
            return release(tenant, broken: true)
        }
        lock.withLock { warm[tenant]?.inUse = false }
    }

    /// Gives the browser back; a broken one (crashed, hung) is killed, and the next acquire starts a fresh one.
    func release(_ tenant: TenantID, broken: Bool = false) {
        let victim: Browser? = lock.withLock {
            if broken { return warm.removeValue(forKey: tenant)?.browser }
            warm[tenant]?.inUse = false
            warm[tenant]?.lastUsed = Date()
            return nil
        }
        victim?.kill()
    }

    /// Closes the tenant's browser unless a worker is using it or it was just linked.
    func close(_ tenant: TenantID) {
        let taken: (TenantID, Browser)? = lock.withLock {
            guard let existing = warm[tenant], !existing.inUse, existing.keepUntil <= Date() else { return nil }
            return takeOut(tenant)
        }
        guard let taken else { return }
        log.event("closing the browser of a tenant not served here", tenant: tenant)
        shut([taken])
    }

    func closeAll() {
        let browsers = lock.withLock { () -> [Browser] in
            defer { warm = [:] }
            return warm.values.map(\.browser)
        }
        browsers.forEach { $0.close() }
    }

    private func confinement(of tenant: TenantID, _ users: BrowserUser) throws(BrowserError) -> BrowserJail? {
        do { return try users.jail(for: tenant) } catch {
            throw .cannotStart("cannot give the profile to the browser's own user: \(error)")
        }
    }

    /// Whether Chromium keeps its sandbox, tried once per sender (the answer is the kernel's, the same for every
    /// browser user); its absence is logged once, with why.
    private func isSandboxAvailable(jail: BrowserJail?, profile: String, tenant: TenantID) -> Bool {
        lock.withLock {
            if let known = sandboxAvailable { return known }
            let problem = BrowserSandbox.unavailability(jail: jail, profile: profile)
            if let problem {
                log.event("Chromium runs without its sandbox (--no-sandbox); README, Security, says what to do",
                          tenant: tenant, ["reason": problem])
            }
            sandboxAvailable = problem == nil
            return problem == nil
        }
    }

    private func launch(_ tenant: TenantID) throws(SenderError) -> WhatsAppWeb {
        let selectors: WhatsAppSelectors
        do { selectors = try WhatsAppSelectors.load(etc: etc) } catch { throw .selectors(error) }
        let started = Date()
        let browser: Browser
        let page: Page
        do {
            let profile = spool.path(tenant, .chrome)
            let users = BrowserUser(spool: spool, etc: etc)
            let rootJail = try confinement(of: tenant, users)
            let sandboxed = isSandboxAvailable(jail: rootJail, profile: profile, tenant: tenant)
            browser = try Browser.launch(executable: config.chromePath, profile: profile,
                                         jail: rootJail ?? (sandboxed ? users.ownJail(for: tenant) : nil), sandboxed: sandboxed,
                                         commandTimeout: min(15, config.senderPageTimeout))
        } catch {
            throw .browser(error)
        }
        do { page = try browser.page() } catch {
            browser.kill()
            throw .browser(error)
        }
        let web = WhatsAppWeb(page: page, selectors: selectors, baseURL: config.whatsAppWebURL,
                              pageTimeout: config.senderPageTimeout, sendTimeout: config.senderSendTimeout)
        web.isStopping = { [unowned self] in isStopping }
        web.dialogClosed = { [spool, log] words, seen, closed in
            DialogRecord.save(words: words, seen: seen, closed: closed, tenant: tenant, spool: spool, log: log)
        }
        lock.withLock {
            warm[tenant] = Warm(browser: browser, web: web, started: started, lastUsed: Date(), inUse: true, sessionStarted: started)
        }
        log.event("browser started", tenant: tenant, ["pid": "\(browser.pid)",
                  "ms": "\(Int(Date().timeIntervalSince(started) * 1000))"])
        return web
    }
}

/// Why the sender could not try an order at all.
enum SenderError: Error, CustomStringConvertible {
    case browser(BrowserError)
    case selectors(ConfigError)
    /// Another shard serves the tenant now, or it is being copied to one.
    case notServed

    var description: String {
        switch self {
        case .browser(let error): return error.description
        case .selectors(let error): return error.description
        case .notServed: return "the tenant is not served by this shard now"
        }
    }
}
