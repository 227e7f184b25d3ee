import Chromium
import Foundation
import Processes
import Spool

/// `wasp bench tenants`: many WhatsApp Web tenants on one host, more than the browsers it keeps warm, under
/// `wasp up`. Orders are posted at a steady hourly rate to tenants drawn at random, each tenant with a delay of
/// its own (so due times fall at random), and browsers are started for the tenants whose orders are due, in
/// turns, and closed when idle or for the memory budget. Prints each order's lateness (sent after its due time),
/// messages per minute, the peak memory of all browsers, browser starts, and what that projects to per host.
public struct TenantsBench {
    public struct Settings: Sendable {
        public var tenants = 200
        public var orders = 2000
        public var perHour = 2000.0
        public var maxBrowsers = 8
        /// `sender.memory_budget`, in bytes.
        public var budget: Int?
        /// Orders per tenant per day, for the projection.
        public var perTenantPerDay = 20.0
        public var executable: String
        public var etc: String
        public var directory: String

        public init(executable: String, etc: String, directory: String) {
            self.executable = executable
            self.etc = etc
            self.directory = directory
        }
    }

    public struct Result: Sendable {
        public var lateness: [TimeInterval] = []
        public var unsent = 0
        public var sentTwice = 0
        public var minutes = 0.0
        public var peakKiB = 0
        public var starts = 0
        public var meanStartSeconds = 0.0
        public var isClean: Bool { unsent == 0 && sentTwice == 0 }
    }

    let settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> [String] {
        var soak = SoakBench.Settings(executable: settings.executable, etc: settings.etc, directory: settings.directory)
        (soak.webTenants, soak.cloudTenants, soak.maxBrowsers, soak.orders) = (settings.tenants, 0, settings.maxBrowsers, settings.orders)
        soak.extraConfig = "sender.link_grace = 5s\n" + (settings.budget.map { "sender.memory_budget = \($0 / 1024 / 1024)M\n" } ?? "")
        let delays = (0..<settings.tenants).map { _ in Double(Int.random(in: 10...60)) }
        return try SoakRun.with(soak, name: "tenants", progress: progress) { run in
            for (index, tenant) in run.site.webTenants.enumerated() {
                let path = TenantConfig.path(etc: run.root + "/etc", tenant: tenant)
                let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                    .map { $0.hasPrefix("delay = ") ? "delay = \(Int(delays[index]))s" : String($0) }
                try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            }
            let result = try drive(run, progress: progress)
            return (report(result), result.isClean)
        }
    }

    private func drive(_ run: SoakRun, progress: (String) -> Void) throws -> Result {
        let tenants = run.site.webTenants
        let firstID = UInt64(Date().timeIntervalSince1970) * 1000
        let picks = (0..<settings.orders).map { _ in Int.random(in: 0..<tenants.count) }
        let orders = picks.enumerated().map { index, pick in
            SoakOrder(index: index, id: firstID + UInt64(index), tenant: tenants[pick], digits: "15027" + String(format: "%06d", index),
                      underChaos: false, repeated: false, cancelledEarly: false, cancelledLate: false, fulfilled: false)
        }
        let shop = run.shop(delay: 60)
        defer { shop.close() }
        let startsBefore = run.up.log.filter { $0.contains("browser started") }.count
        let started = Date()
        let memory = AllBrowsersMemory(spoolRoot: run.spool.root)
        let sampler = Thread {
            while !Thread.current.isCancelled {
                memory.sample()
                Thread.sleep(forTimeInterval: 2)
            }
        }
        sampler.start()
        defer { sampler.cancel() }
        let rate = settings.perHour / 3600
        Thread { shop.place(orders[...], rate: rate) }.start()
        let lastDue = started.addingTimeInterval(Double(orders.count) / (settings.perHour / 3600) + 60)
        while Date() < lastDue.addingTimeInterval(120) && !orders.allSatisfy({ run.spool.exists($0.fileName, tenant: $0.tenant, in: .sent) }) {
            Thread.sleep(forTimeInterval: 1)
            if Int(Date().timeIntervalSince(started)) % 60 == 0 {
                progress("tenants: \(try run.sends().count) of \(orders.count) sent after \(Int(Date().timeIntervalSince(started) / 60)) min")
            }
        }
        var result = Result()
        let sends = try run.sends()
        for order in orders {
            guard let first = sends[order.digits]?.min(), let id = OrderID(fileName: order.fileName),
                  let record = try? run.spool.loadOrder(id, tenant: order.tenant, in: .sent), let due = Timestamp.date(record.dueAt)
            else {
                result.unsent += 1
                continue
            }
            if (sends[order.digits]?.count ?? 0) > 1 { result.sentTwice += 1 }
            result.lateness.append(first.timeIntervalSince(due))
        }
        result.minutes = Date().timeIntervalSince(started) / 60
        result.peakKiB = memory.peakKiB
        let startLines = run.up.log.filter { $0.contains("browser started") }
        result.starts = startLines.count - startsBefore
        let startMilliseconds = startLines.dropFirst(startsBefore).compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("ms=") }.flatMap { Double($0.dropFirst(3)) }
        }
        result.meanStartSeconds = startMilliseconds.isEmpty ? 0 : startMilliseconds.reduce(0, +) / Double(startMilliseconds.count) / 1000
        return result
    }

    private func report(_ result: Result) -> [String] {
        let sent = result.lateness.count
        let perBrowserKiB = result.peakKiB / max(1, settings.maxBrowsers)
        let startsPerMessage = Double(result.starts) / Double(max(1, sent))
        // A message costs its browser's start when the tenant had none warm, and about a second to send; half
        // of a host's browser places' time is kept for bursts. At most 64 places (sender.max_browsers).
        func tenantsPerHost(gibibytes: Int, startSeconds: Double) -> Int {
            let places = min(64, (gibibytes - 2) * 1024 * 1024 / max(1, perBrowserKiB))
            let messagesPerHour = Double(places) * 3600 / (1 + startSeconds * startsPerMessage) / 2
            return Int(messagesPerHour / (settings.perTenantPerDay / 24))
        }
        func projection(startSeconds: Double) -> String {
            "\(tenantsPerHost(gibibytes: 24, startSeconds: startSeconds)) tenants on 24 GiB, "
                + "\(tenantsPerHost(gibibytes: 64, startSeconds: startSeconds)) on 64 GiB"
        }
        return [
            "tenants: \(settings.tenants) WhatsApp Web tenants, \(settings.maxBrowsers) browsers at most"
                + (settings.budget.map { ", memory budget \($0 >> 20) MiB" } ?? "")
                + "; \(settings.orders) orders at \(Int(settings.perHour))/hour, delays 10-60 s",
            "sent \(sent), not sent \(result.unsent), sent twice \(result.sentTwice), in \(String(format: "%.1f", result.minutes)) min "
                + "(\(String(format: "%.1f", Double(sent) / max(result.minutes, 0.01))) messages/min)",
            "lateness after the due time " + LatencySummary(result.lateness).secondsLine
                + "; within delay + 60 s: \(result.lateness.filter { $0 <= 60 }.count) of \(sent)",
            "browsers: \(result.starts) starts (mean \(String(format: "%.2f", result.meanStartSeconds)) s), peak memory of all "
                + "\(result.peakKiB / 1024) MiB (PSS), \(perBrowserKiB / 1024) MiB per warm place",
            "projection at \(Int(settings.perTenantPerDay)) orders per tenant per day, half of the browser places' time in use, "
                + "2 GiB kept for the rest, \(String(format: "%.2f", startsPerMessage)) starts per message: "
                + "with this start time \(projection(startSeconds: result.meanStartSeconds)); "
                + "with 15 s starts (the real WhatsApp Web loads far more than the stand-in) \(projection(startSeconds: 15))",
        ]
    }
}

/// The memory of every browser on a spool's profiles, each with its helpers, as PSS.
final class AllBrowsersMemory: @unchecked Sendable {
    private let spoolRoot: String
    private let lock = NSLock()
    private var peak = 0

    init(spoolRoot: String) {
        self.spoolRoot = spoolRoot
    }

    var peakKiB: Int { lock.withLock { peak } }

    func sample() {
        let total = ProfileProcesses.browsers(under: spoolRoot).reduce(0) { $0 + ProcessTree.proportionalKiB($1.pid) }
        lock.withLock { peak = max(peak, total) }
    }
}
