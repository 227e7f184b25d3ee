import Foundation
import Glibc
import Processes
import Spool
import Supervisor

/// `wasp bench scheduler`: a real scheduler process with N orders across 10 tenants: idle cost with all of them in
/// the future, lateness with due times spread over a minute, and the time to release all of them at once.
public struct SchedulerBench {
    static let tenantCount = 10
    let orders: Int
    let directory: String

    public init(orders: Int, directory: String) {
        self.orders = orders
        self.directory = directory
    }

    public func run() throws {
        let root = directory + "/wasp-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spool = Spool(root: root + "/spool")
        let tenants = try makeRoot(root, spool: spool)
        let files = (0..<orders).map { index in
            (tenant: tenants[index % tenants.count], name: "\(1_000_000_000 + index).json")
        }
        let written = Date()
        try write(files, spool: spool, due: written.addingTimeInterval(86400))
        print(String(format: "setup: %d orders across %d tenants written in %.1f s (without fsync)", orders, tenants.count,
                     Date().timeIntervalSince(written)))
        let executable = Spawn.ownExecutable
        var scheduler = try DaemonProcess(executable: executable, arguments: ["scheduler", "--root", root], readyWhen: " running")
        try measureIdle(scheduler)
        try measureLateness(files, spool: spool, tenants: tenants)
        scheduler.stop()
        try putBack(files, spool: spool)
        let started = Date()
        let watcher = try readyWatcher(spool, tenants)
        scheduler = try DaemonProcess(executable: executable, arguments: ["scheduler", "--root", root], readyWhen: " running")
        waitForReady(watcher, spool: spool, tenants: tenants) { _, _ in }
        let burst = Date().timeIntervalSince(started)
        print(String(format: "burst: %d due orders released to ready/ in %.2f s from the scheduler's start (%.0f orders/s)",
                     orders, burst, Double(orders) / burst))
        print("memory: scheduler peak RSS \(scheduler.memory().peakKiB / 1024) MiB")
        scheduler.stop()
    }

    private func makeRoot(_ root: String, spool: Spool) throws -> [TenantID] {
        try FileManager.default.createDirectory(atPath: root + "/etc/tenants", withIntermediateDirectories: true)
        return try (0..<Self.tenantCount).map { index in
            let tenant = TenantID("bench\(index)")!
            try "shopify.secret = bench-secret\n".write(toFile: TenantConfig.path(etc: root + "/etc", tenant: tenant),
                                                       atomically: true, encoding: .utf8)
            try spool.prepare(tenant)
            return tenant
        }
    }

    private func write(_ files: [(tenant: TenantID, name: String)], spool: Spool, due: Date) throws {
        for file in files {
            let record = OrderRecord.sample(tenant: file.tenant, id: String(file.name.dropLast(5)))
            try record.encoded().write(to: URL(fileURLWithPath: spool.path(file.tenant, .incoming, file.name)))
            try spool.setModified(file.name, tenant: file.tenant, in: .incoming, to: due)
        }
    }

    private func measureIdle(_ scheduler: DaemonProcess) throws {
        Thread.sleep(forTimeInterval: 3)
        let before = scheduler.cpuSeconds()
        Thread.sleep(forTimeInterval: 10)
        let used = scheduler.cpuSeconds() - before
        let memory = scheduler.memory()
        print(String(format: "idle: %d orders due tomorrow: %.3f CPU-seconds in 10 s, RSS %d MiB", orders, used,
                     memory.residentKiB / 1024))
    }

    /// Re-times every order to fall due over the next minute and records, for each, how long after its due time
    /// it appeared in `ready/` (seen by inotify from this process).
    private func measureLateness(_ files: [(tenant: TenantID, name: String)], spool: Spool, tenants: [TenantID]) throws {
        let start = Date().addingTimeInterval(5)
        var dueTimes: [String: Date] = [:]
        for (index, file) in files.enumerated() {
            let due = start.addingTimeInterval(60 * Double(index) / Double(files.count))
            dueTimes[file.name] = due
            try spool.setModified(file.name, tenant: file.tenant, in: .incoming, to: due)
        }
        let watcher = try readyWatcher(spool, tenants)
        var lateness: [Double] = []
        waitForReady(watcher, spool: spool, tenants: tenants) { name, seen in
            if let due = dueTimes[name] { lateness.append(seen.timeIntervalSince(due)) }
        }
        let summary = LatencySummary(lateness)
        print(String(format: "lateness: %d orders due over 60 s; ready/ after their due time: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d timed)",
                     orders, summary.percentile(0.5) * 1000, summary.percentile(0.99) * 1000,
                     (summary.sorted.last ?? 0) * 1000, lateness.count))
    }

    private func readyWatcher(_ spool: Spool, _ tenants: [TenantID]) throws -> SpoolWatcher {
        let watcher = try SpoolWatcher(spool: spool, directories: [.ready], interest: .arrivals)
        for tenant in tenants { try watcher.watch(tenant) }
        return watcher
    }

    /// Waits until every order is in `ready/`, calling `arrived` for each arrival inotify reports.
    private func waitForReady(_ watcher: SpoolWatcher, spool: Spool, tenants: [TenantID],
                              arrived: (String, Date) -> Void) {
        var seen = 0
        while seen < orders {
            let changes = watcher.wait(until: Date().addingTimeInterval(1))
            let now = Date()
            for case .file(_, .ready, let name) in changes {
                arrived(name, now)
                seen += 1
            }
            if changes.isEmpty || changes.contains(.overflow) {
                seen = tenants.reduce(0) { $0 + spool.list($1, .ready).count }
            }
        }
    }

    private func putBack(_ files: [(tenant: TenantID, name: String)], spool: Spool) throws {
        let due = Date().addingTimeInterval(-1)
        for moved in spool.moveAll(files.map { SpoolMove($0.name, tenant: $0.tenant, from: .ready, to: .incoming) }) {
            try moved.get()
        }
        for file in files { try spool.setModified(file.name, tenant: file.tenant, in: .incoming, to: due) }
    }
}
