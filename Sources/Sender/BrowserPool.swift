import Chromium
import Foundation
import Spool
import WhatsApp

/// Warm browsers, one per tenant, at most `capacity` in all: when a tenant without one needs one and the pool is
/// full, the least recently used idle browser is closed. Only one worker holds a tenant at a time (TenantQueues),
/// and there are as many workers as places, so a full pool always has an idle browser to close.
final class BrowserPool: @unchecked Sendable {
    private struct Warm {
        let browser: Browser
        let web: WhatsAppWeb
        var lastUsed: Date
        var inUse: Bool
    }

    private let capacity: Int
    private let config: WaspConfig
    private let etc: String
    private let spool: Spool
    private let log: Log
    private let lock = NSLock()
    private var warm: [TenantID: Warm] = [:]

    init(config: WaspConfig, etc: String, spool: Spool, log: Log) {
        capacity = config.senderMaxBrowsers
        self.config = config
        self.etc = etc
        self.spool = spool
        self.log = log
    }

    /// The tenant's browser, started on its profile if it has none or its old one died.
    func acquire(_ tenant: TenantID) throws(SenderError) -> WhatsAppWeb {
        let (reused, evicted) = lock.withLock { () -> (WhatsAppWeb?, Browser?) in
            if let existing = warm[tenant], existing.browser.isRunning {
                warm[tenant]!.inUse = true
                return (existing.web, nil)
            }
            let dead = warm.removeValue(forKey: tenant)?.browser
            guard warm.count >= capacity,
                  let idlest = warm.filter({ !$0.value.inUse }).min(by: { $0.value.lastUsed < $1.value.lastUsed })
            else { return (nil, dead) }
            warm.removeValue(forKey: idlest.key)
            log.event("closing the least recently used browser", tenant: idlest.key)
            dead?.kill()
            return (nil, idlest.value.browser)
        }
        if let reused { return reused }
        evicted?.close()
        return try launch(tenant)
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

    /// Closes the tenant's browser unless a worker is using it.
    func close(_ tenant: TenantID) {
        let browser: Browser? = lock.withLock {
            guard let existing = warm[tenant], !existing.inUse else { return nil }
            return warm.removeValue(forKey: tenant)?.browser
        }
        guard let browser else { return }
        log.event("closing the browser of a tenant not served here", tenant: tenant)
        browser.close()
    }

    func closeAll() {
        let browsers = lock.withLock { () -> [Browser] in
            defer { warm = [:] }
            return warm.values.map(\.browser)
        }
        browsers.forEach { $0.close() }
    }

    private func launch(_ tenant: TenantID) throws(SenderError) -> WhatsAppWeb {
        let selectors: WhatsAppSelectors
        do { selectors = try WhatsAppSelectors.load(etc: etc) } catch { throw .selectors(error) }
        let started = Date()
        let browser: Browser
        let page: Page
        do {
            browser = try Browser.launch(executable: config.chromePath, profile: spool.path(tenant, .chrome),
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
        lock.withLock { warm[tenant] = Warm(browser: browser, web: web, lastUsed: Date(), inUse: true) }
        log.event("browser started", tenant: tenant, ["pid": "\(browser.pid)",
                  "ms": "\(Int(Date().timeIntervalSince(started) * 1000))"])
        return web
    }
}

/// Why the sender could not try an order at all.
enum SenderError: Error, CustomStringConvertible {
    case browser(BrowserError)
    case selectors(ConfigError)

    var description: String {
        switch self {
        case .browser(let error): return error.description
        case .selectors(let error): return error.description
        }
    }
}
