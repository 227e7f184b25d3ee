import Foundation
import Spool
import Supervisor
import TestSupport
import WhatsAppStandIn

/// A scratch root whose `whatsapp.web_url` is a WhatsApp Web stand-in, tenants with `min_gap = 0`, a running
/// `wasp scheduler` (retries come back through it) and a `wasp sender` driving real headless Chromiums, with the
/// selectors built into the binary (no `etc/whatsapp-web.selectors`, as on a fresh root).
final class SenderHarness: @unchecked Sendable {
    let standIn: WhatsAppStandIn
    let root: TemporaryRoot
    private(set) var orders: [String: OrderFiles] = [:]
    private(set) var sender: DaemonProcess?
    /// The small file system the spool is on, when asked for one.
    private(set) var disk: SmallFileSystem?
    private let scheduler: DaemonProcess
    /// Started only when asked, with every tenant's `shopify.secret` set to `secret`.
    private(set) var intake: DaemonProcess?
    static let secret = "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"

    /// `spoolSize`: the spool on a tmpfs of that size (root only), to fill up. `minimumChrome`: the oldest Chrome
    /// the stand-in's 2026 page lets in; `whatsNew`: when its "What's new" dialog comes after a link, and how long
    /// it may stay open before the device is logged out.
    init(tenants: [String] = ["shop"], waspConf: [String] = [], tenantLines: [String] = [],
         startSender: Bool = true, withIntake: Bool = false, spoolSize: String? = nil, minimumChrome: Int = 100,
         whatsNew: (delay: Double, deadline: Double) = (0, 300)) throws {
        BrowserTurn.take()
        var ready = false
        defer { if !ready { BrowserTurn.give() } }
        standIn = try WhatsAppStandIn(qrRotation: 1, reloadAfter: 100, whatsNewDeadline: whatsNew.deadline,
                                      whatsNewDelay: whatsNew.delay, minimumChrome: minimumChrome)
        let defaults = [
            "whatsapp.web_url = \(standIn.url)", "sender.page_timeout = 4s", "sender.send_timeout = 4s",
            "sender.retry_base = 1s", "sender.retry_max = 2s", "whatsapp.link_window = 30s",
        ]
        let given = Set(waspConf.map { $0.split(separator: "=")[0].trimmingCharacters(in: .whitespaces) })
        root = try TemporaryRoot(waspConf: defaults.filter {
            !given.contains($0.split(separator: "=")[0].trimmingCharacters(in: .whitespaces))
        } + waspConf)
        if let spoolSize { disk = try SmallFileSystem(size: spoolSize, at: root.spool) }
        for tenant in tenants {
            let pacing = tenantLines.contains { $0.hasPrefix("min_gap") } ? [] : ["min_gap = 0"]
            try root.addTenant(tenant, lines: ["shopify.secret = \(Self.secret)"] + pacing + tenantLines)
            orders[tenant] = try OrderFiles(root: root, tenant: tenant)
        }
        scheduler = try Wasp.start("scheduler", root: root, readyWhen: " running")
        if withIntake { intake = try Wasp.start("intake", root: root) }
        if startSender { try start() }
        ready = true
    }

    deinit {
        sender?.stop()
        scheduler.stop()
        intake?.stop()
        disk = nil
        BrowserTurn.give()
        standIn.stop()
    }

    func start() throws {
        sender = try Wasp.start("sender", root: root, readyWhen: "sender: running")
    }

    func kill() {
        sender?.stop(signal: SIGKILL)
        sender = nil
    }

    var spool: Spool { Spool(root: root.spool) }
    var log: [String] { sender?.log ?? [] }

    func linkState(_ tenant: String) -> LinkState { spool.linkState(TenantID(tenant)!) }

    /// Asks for a link, scans the code the tenant's page shows, and waits until the sender says `linked`.
    func link(_ tenant: String) throws {
        try spool.requestLink(TenantID(tenant)!)
        try scanWhenShown(tenants: [tenant])
    }

    /// Waits for every tenant's QR, scans each code on a screen, then waits for all to be linked.
    func scanWhenShown(tenants: [String]) throws {
        guard eventually(timeout: 20, { tenants.allSatisfy { linkState($0) == .qr } }) else {
            throw HarnessError.notShown(tenants.map { "\($0)=\(linkState($0))" }.joined(separator: " "))
        }
        guard eventually(timeout: 5, { standIn.codesOnScreen.count >= tenants.count }) else {
            throw HarnessError.notShown("codes on screen: \(standIn.codesOnScreen)")
        }
        standIn.codesOnScreen.forEach { standIn.scan($0) }
        guard eventually(timeout: 20, { tenants.allSatisfy { linkState($0) == .linked } }) else {
            throw HarnessError.notLinked(tenants.map { "\($0)=\(linkState($0))" }.joined(separator: " ")
                                         + "\n" + log.joined(separator: "\n"))
        }
    }

    /// Places an order in `ready/` (or `state`), as the scheduler would, after `change` to the sample order.
    func addReady(_ id: String, tenant: String = "shop", in state: SpoolDirectory = .ready,
                  _ change: (inout OrderRecord) -> Void = { _ in }) throws {
        var record = OrderRecord.sample(tenant: TenantID(tenant)!, id: id)
        change(&record)
        try spool.deposit(record.encoded(), tenant: TenantID(tenant)!, into: state, name: id + ".json")
    }

    /// Waits until every order is in `state`.
    func wait(for ids: [String], in state: SpoolDirectory, tenant: String = "shop", timeout: Double = 30) -> Bool {
        eventually(timeout: timeout) { ids.allSatisfy { orders[tenant]!.states(of: $0) == [state] } }
    }

    enum HarnessError: Error {
        case notShown(String)
        case notLinked(String)
    }
}
