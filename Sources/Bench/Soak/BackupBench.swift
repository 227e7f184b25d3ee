import Foundation
import Glibc
import Processes
import Spool
import Supervisor

/// `wasp bench backup`: the README's backup recipe while orders move through every state, then a disaster and a
/// restore. Two thirds of the orders are posted to host A; halfway, a hot rsync (its copy checked by `wasp fsck`,
/// for the figure); then `wasp pause`, the second rsync, and SIGKILL to everything of A while it is frozen. `wasp up`
/// starts on the copy (repairing first), the shop's retries and the last third of the orders go to it, and the
/// tally counts, over both hosts, what was lost, doubled or stuck, and whether the merchants had to link again.
public struct BackupBench {
    public struct Result: Sendable {
        public var tally = SoakTally()
        public var hotSeconds = 0.0
        /// How long the spool stayed frozen: the second rsync, between `wasp pause` and the kill.
        public var pausedSeconds = 0.0
        /// What `wasp fsck` found in the hot copy alone: why the recipe pauses for its second pass.
        public var hotCopyProblems = 0
        /// What `wasp up` repaired when it started on the restored copy (0 for a copy taken paused).
        public var repairedAtStart = 0
        /// WhatsApp Web tenants that were no longer linked on the restored host.
        public var unlinked = 0

        public var isClean: Bool { tally.isClean && unlinked == 0 && repairedAtStart == 0 }

        public var report: [String] {
            [String(format: "backup: hot rsync %.2f s, its copy alone had %d fsck problems; paused rsync %.2f s (the pause)",
                    hotSeconds, hotCopyProblems, pausedSeconds),
             "restore: wasp up repaired \(repairedAtStart) problems at start; tenants to link again: \(unlinked)",
             tally.line]
        }
    }

    let settings: SoakBench.Settings

    public init(_ settings: SoakBench.Settings) {
        self.settings = settings
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        try SoakRun.with(settings, name: "backup", progress: progress) { run in
            let orders = run.orders(settings.orders, calm: settings.orders)
            let shop = run.shop(delay: settings.delay)
            defer { shop.close() }
            let copy = run.root + "/restored"
            var result = try backUp(run, orders: orders[..<(orders.count * 2 / 3)], shop: shop, to: copy)
            progress("backup: host A killed while paused; restoring on the copy")
            let restored = try DaemonProcess(executable: settings.executable, arguments: ["up", "--root", copy],
                                             readyWhen: "intake: listening", timeout: 30)
            let spool = Spool(root: copy + "/spool")
            shop.place(orders[(orders.count * 2 / 3)...], rate: settings.rate)
            shop.settle(orders[...], spool: spool, within: settings.drain)
            result.tally.count(orders, spool: spool, shop: shop, sends: try run.sends())
            result.repairedAtStart = restored.log.filter { $0.contains("fsck at start:") }.count
            result.unlinked = run.site.webTenants.filter { spool.linkState($0) != .linked }.count
            _ = restored.stop()
            if !result.isClean {
                try? restored.log.joined(separator: "\n").write(toFile: copy + "/up.log", atomically: false, encoding: .utf8)
            }
            return (result, result.isClean)
        }
    }

    /// Posts `orders` to host A, copies it hot halfway, then paused once they are all placed, and kills it.
    private func backUp(_ run: SoakRun, orders: ArraySlice<SoakOrder>, shop: SoakShop, to copy: String) throws -> Result {
        var result = Result()
        let placed = DispatchGroup()
        placed.enter()
        let rate = settings.rate
        Thread {
            shop.place(orders, rate: rate)
            placed.leave()
        }.start()
        Thread.sleep(forTimeInterval: Double(orders.count) / settings.rate / 2)
        result.hotSeconds = try BackupCopy.rsync(run.root, to: copy)
        result.hotCopyProblems = try problems(in: copy)
        placed.wait()
        // Some orders are due, some sent, some still waiting: every state has files when the copy is taken.
        Thread.sleep(forTimeInterval: settings.delay / 2)
        guard try BackupCopy.run(settings.executable, ["pause", "--root", run.root]).status == 0 else {
            throw BenchError("wasp pause failed")
        }
        result.pausedSeconds = try BackupCopy.rsync(run.root, to: copy)
        for pid in ProcessTree.members(run.up.pid) { kill(pid, SIGKILL) }
        _ = run.up.stop(signal: SIGKILL)
        return result
    }

    /// `wasp fsck`'s findings in a copy, counted from its summary line.
    private func problems(in copy: String) throws -> Int {
        let output = try BackupCopy.run(settings.executable, ["fsck", "--root", copy]).output
        let summary = output.split(separator: "\n").last { $0.hasPrefix("fsck: ") } ?? ""
        return Int(summary.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
