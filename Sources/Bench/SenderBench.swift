import Chromium
import Foundation
import Glibc
import Processes
import Spool
import Supervisor
import WhatsApp

/// `wasp bench sender`: a real sender process and real Chromiums against the WhatsApp Web stand-in, 4 tenants.
/// Warm: rounds of one order per tenant placed in `ready/`, timed until each is in `sent/`. Cold, in the same run:
/// the old system's way, a fresh browser started for each message on the same linked profiles. The stand-in plays
/// the 2026 page with a full load as slow as WhatsApp's own, its "What's new" dialog after each link and a notice
/// once mid-run, so a design that reloads per message, or sends twice, shows in the figures.
public struct SenderBench {
    static let tenantCount = 4
    /// Seconds per full load of the app, about what WhatsApp Web takes on a warm profile.
    static let bootDelay = 8.0
    let rounds: Int
    let directory: String
    /// The selectors file to use (the operator's `etc/whatsapp-web.selectors`).
    let selectors: String

    public init(rounds: Int, directory: String, selectors: String) {
        self.rounds = rounds
        self.directory = directory
        self.selectors = selectors
    }

    public func run() throws {
        let root = directory + "/wasp-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let executable = Spawn.ownExecutable
        let web = try LocalWhatsAppWeb(beside: executable, bootDelay: Self.bootDelay)
        defer { web.stop() }
        let spool = Spool(root: root + "/spool")
        let tenants = try makeRoot(root, spool: spool, webURL: web.url)
        let sender = try DaemonProcess(executable: executable, arguments: ["sender", "--root", root],
                                       readyWhen: "sender: running")
        try PhoneLinking.link(tenants, spool: spool, web: web)
        let memory = BrowserMemory(profiles: tenants.map { spool.path($0, .chrome) })
        let loadsBefore = try web.pageLoads()
        let warm = try measureWarm(tenants, spool: spool, memory: memory, web: web)
        let warmLoads = try web.pageLoads() - loadsBefore
        let senderKiB = sender.memory().peakKiB
        let dialogs = try web.dialogs()
        sender.stop()
        print("warm (browsers kept, \(rounds) rounds × \(tenants.count) tenants) ready→sent: \(LatencySummary(warm).line)")
        print(String(format: "warm: %.2f s per message (goal ≤ 1.5 s); %.2f full loads of the app per message (goal 0), "
                     + "%.0f s each; a notice dialog shown once mid-run", warm.reduce(0, +) / Double(max(1, warm.count)),
                     Double(warmLoads) / Double(max(1, warm.count)), Self.bootDelay))
        print("dialogs closed by the sender: \(dialogs.whatsNew) \"What's new\" after the links, \(dialogs.notices) notices "
              + "mid-run (of \(tenants.count) each); devices logged out by a dialog left open: \(dialogs.loggedOut)")
        let restart = try measureRestart(tenants[0], spool: spool, executable: executable, root: root)
        print(String(format: "restart: a new sender, its profile warm, sent its first message %.2f s after exec", restart))
        let cold = try measureCold(tenants, spool: spool, root: root, web: web)
        print("cold (a new browser per message, \(cold.count) messages) start→sent: \(LatencySummary(cold).line)")
        print(String(format: "warm p50 is %.1f%% of cold p50 (target ≤ 20%%)",
                     LatencySummary(warm).percentile(0.5) / LatencySummary(cold).percentile(0.5) * 100))
        print("memory: peak per warm browser (PSS of its processes) \(memory.peakKiB.map { "\($0 / 1024)" }.joined(separator: ", ")) MiB; "
              + "sender peak RSS \(senderKiB / 1024) MiB")
        let messages = try web.service.messages()
        let sentTwice = warmIDs(tenants).filter { id in messages.filter { !$0.incoming && $0.text.contains(id) }.count > 1 }.count
        print("messages at the stand-in: \(messages.count) for \(warm.count + 1 + cold.count) orders; "
              + "warm orders sent twice: \(sentTwice) (goal 0)")
    }

    private func makeRoot(_ root: String, spool: Spool, webURL: String) throws -> [TenantID] {
        try FileManager.default.createDirectory(atPath: root + "/etc/tenants", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: selectors, toPath: WhatsAppSelectors.path(etc: root + "/etc"))
        try "whatsapp.web_url = \(webURL)\nsender.max_browsers = \(Self.tenantCount)\n"
            .write(toFile: root + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        return try (0..<Self.tenantCount).map { index in
            let tenant = TenantID("bench\(index)")!
            try "shopify.secret = bench-secret\nmin_gap = 0\n".write(
                toFile: TenantConfig.path(etc: root + "/etc", tenant: tenant), atomically: true, encoding: .utf8)
            try spool.prepare(tenant)
            return tenant
        }
    }

    private func warmID(round: Int, tenant: Int) -> String { String(2_000_000 + round * 10 + tenant) }

    private func warmIDs(_ tenants: [TenantID]) -> [String] {
        (0..<rounds).flatMap { round in tenants.indices.map { warmID(round: round, tenant: $0) } }
    }

    private func measureWarm(_ tenants: [TenantID], spool: Spool, memory: BrowserMemory,
                             web: LocalWhatsAppWeb) throws -> [Double] {
        var latencies: [Double] = []
        for round in 0..<rounds {
            if round == rounds / 2 { try web.showDialog() }
            var placed: [(TenantID, String, Date)] = []
            for tenant in tenants {
                let id = warmID(round: round, tenant: placed.count)
                let record = OrderRecord.sample(tenant: tenant, id: id)
                try spool.deposit(record.encoded(), tenant: tenant, into: .ready, name: id + ".json")
                placed.append((tenant, id + ".json", Date()))
            }
            for (tenant, name, start) in placed {
                let deadline = Date().addingTimeInterval(60)
                while !spool.exists(name, tenant: tenant, in: .sent) {
                    guard Date() < deadline else { throw BenchError("\(tenant)/\(name) was not sent within 60 s") }
                    memory.sample()
                    usleep(2_000)
                }
                latencies.append(spool.entry(name, tenant: tenant, in: .sent).map { $0.changed.timeIntervalSince(start) }
                                 ?? Date().timeIntervalSince(start))
            }
        }
        return latencies
    }

    /// A sender started again (as `wasp up` does after a crash) with an order waiting: exec to its first message
    /// sent, as the sender records it in `spool/_daemons/sender`.
    private func measureRestart(_ tenant: TenantID, spool: Spool, executable: String, root: String) throws -> Double {
        let name = "3000000.json"
        try spool.deposit(OrderRecord.sample(tenant: tenant, id: "3000000").encoded(), tenant: tenant, into: .ready, name: name)
        let sender = try DaemonProcess(executable: executable, arguments: ["sender", "--root", root], readyWhen: "sender: serving")
        defer { sender.stop() }
        guard spool.exists(name, tenant: tenant, in: .sent),
              let seconds = DaemonRecord.load(spoolRoot: spool.root, daemon: "sender")?.servingAfter
        else { throw BenchError("the restarted sender did not send \(tenant)/\(name)") }
        return seconds
    }

    /// What the old system did for each message: start a browser, send, quit.
    private func measureCold(_ tenants: [TenantID], spool: Spool, root: String,
                             web local: LocalWhatsAppWeb) throws -> [Double] {
        let selectors = try WhatsAppSelectors.load(etc: root + "/etc")
        let count = max(tenants.count, rounds * tenants.count / 4)
        return try (0..<count).map { index in
            let tenant = tenants[index % tenants.count]
            let started = Date()
            let browser = try Browser.launch(executable: "/usr/bin/chromium", profile: spool.path(tenant, .chrome))
            defer { browser.close() }
            let web = WhatsAppWeb(page: try browser.page(), selectors: selectors, baseURL: local.url)
            let outcome = try web.send(digits: "61298765432", text: "cold \(index)", lookFirst: false) { true }
            guard outcome == .sent else { throw BenchError("cold send \(index): \(outcome)") }
            return Date().timeIntervalSince(started)
        }
    }
}

/// The most memory each tenant's browser used while sampled: PSS of the browser and its helpers.
final class BrowserMemory {
    private let profiles: [String]
    private(set) var peakKiB: [Int]
    private var lastSample = Date.distantPast

    init(profiles: [String]) {
        self.profiles = profiles
        peakKiB = profiles.map { _ in 0 }
    }

    /// At most every 200 ms: reading smaps_rollup of a dozen processes costs a few milliseconds.
    func sample() {
        guard Date().timeIntervalSince(lastSample) > 0.2 else { return }
        lastSample = Date()
        for (index, profile) in profiles.enumerated() {
            if let browser = ProfileProcesses.browser(profile) {
                peakKiB[index] = max(peakKiB[index], ProcessTree.proportionalKiB(browser))
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
