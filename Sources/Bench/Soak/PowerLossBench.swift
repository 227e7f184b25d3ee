import Foundation
import Glibc
import PowerFSControl
import Spool
import Supervisor

/// `wasp bench powerloss`: the soak's site with its spool on the power-loss file system (`wasp-powerfs`), Cloud API
/// tenants only (the Cloud stand-in runs in this process: like Meta, it lives through the cuts), orders with repeats
/// and cancels posted all along, and every few seconds a power cut: the disk keeps only what was fsynced, all of
/// wasp dies by SIGKILL, and `wasp up` starts again on what is left (repairing first). After the last cut and a
/// drain it counts what the soak counts, and how often the file system's detector saw an order with no durable name.
public struct PowerLossBench {
    public struct Settings: Sendable {
        public var soak: SoakBench.Settings
        public var cuts = 50
        /// The average time between the restart after a cut and the next cut.
        public var cutEvery: TimeInterval = 4
        /// The `wasp-powerfs` program.
        public var powerFS: String

        public init(soak: SoakBench.Settings, powerFS: String) {
            self.soak = soak
            self.powerFS = powerFS
        }
    }

    public struct Result: Sendable {
        public var tally = SoakTally()
        /// Cuts the file system made, and how many of them were armed to fail an fsync.
        public var cuts = 0
        public var armedCuts = 0
        public var fsyncs = 0
        /// Moments an order had no durable name left (the detector's record).
        public var losses: [PowerFS.Loss] = []
        /// Orders whose orders/create got its first 200 after the first cut: proof the site came back each time.
        public var acceptedAfterFirstCut = 0
        /// What `wasp up` repaired at its starts after the cuts (`fsck at start:` lines).
        public var repairedAtStart = 0
        /// Orders in failed/, by the outcome of their last attempt (`may_have_gone`: a crash while handing it to
        /// Meta; never resent).
        public var failedBy: [String: Int] = [:]
        /// Of those, the ones whose message Meta did get: the cut came after the request left.
        public var failedYetMessaged = 0

        public var isClean: Bool { tally.isClean && losses.isEmpty }

        public var report: [String] {
            let failed = failedBy.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return ["powerloss: \(cuts) power cuts (\(armedCuts) armed before an fsync), \(fsyncs) fsyncs, "
                        + "detector: \(losses.count) moments an order had no durable name; "
                        + "\(acceptedAfterFirstCut) orders accepted after the first cut; "
                        + "wasp up repaired \(repairedAtStart) problems at its starts; failed by outcome: "
                        + (failed.isEmpty ? "none" : failed) + " (\(failedYetMessaged) of them had reached the customer)",
                    tally.line]
                + losses.prefix(20).map { "detector: tenant=\($0.tenant) order=\($0.order) fsync=\($0.fsync) directory=\($0.directory)" }
                + (losses.count > 20 ? ["detector: \(losses.count - 20) more (the file system's log has them all)"] : [])
        }
    }

    let settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: settings.powerFS) else {
            throw BenchError("no wasp-powerfs at \(settings.powerFS): build it beside this wasp ('swift build --product "
                             + "wasp-powerfs', with '-c release' for a release wasp) or name one with --powerfs PATH")
        }
        let disk = try PowerFS(executable: settings.powerFS)
        defer { disk.unmount() }
        var soak = settings.soak
        soak.spool = disk.mountpoint + "/spool"
        // Enough orders to flow through every cut: each takes `cutEvery` plus a restart of a second or two.
        soak.orders = max(soak.orders, Int(Double(settings.cuts) * (settings.cutEvery + 2) * soak.rate))
        return try SoakRun.with(soak, name: "powerloss", progress: progress) { run in
            let result = try drive(run, soak: soak, disk: disk, progress: progress)
            if !result.isClean { keepSpool(of: run, disk: disk, progress: progress) }
            return (result, result.isClean)
        }
    }

    /// Posts orders at the soak's rate while the cuts go on, then drains and counts.
    private func drive(_ run: SoakRun, soak: SoakBench.Settings, disk: PowerFS, progress: (String) -> Void) throws -> Result {
        let rate = soak.rate
        let orders = run.orders(soak.orders, calm: 0)
        let shop = run.shop(delay: soak.delay)
        defer { shop.close() }
        let placed = DispatchGroup()
        placed.enter()
        Thread {
            shop.place(orders[...], rate: rate)
            placed.leave()
        }.start()
        var result = Result()
        var up = run.up
        var restarts: [DaemonProcess] = []
        var firstCut: Date?
        defer { _ = up.stop() }
        for cut in 1...settings.cuts {
            Thread.sleep(forTimeInterval: Double.random(in: 0.5...1.5) * settings.cutEvery)
            firstCut = firstCut ?? Date()
            let kind = try PowerCut.strike(disk, up: up)
            if case .beforeFsync = kind { result.armedCuts += 1 }
            up = try DaemonProcess(executable: soak.executable, arguments: ["up", "--root", run.root],
                                   readyWhen: "intake: listening", timeout: 60)
            restarts.append(up)
            progress("powerloss: cut \(cut) " + (kind == .now ? "at once" : "armed before an fsync") + "; wasp up restarted")
        }
        progress("powerloss: cuts done; draining")
        placed.wait()
        shop.settle(orders[...], spool: run.spool, within: soak.drain)
        let sends = try run.sends()
        result.tally.count(orders, spool: run.spool, shop: shop, sends: sends)
        let stats = try disk.stats()
        (result.cuts, result.fsyncs) = (stats.cuts, stats.fsyncs)
        result.losses = try disk.losses()
        result.acceptedAfterFirstCut = orders.filter { order in
            guard let accepted = shop.accepted(.create, order), let firstCut else { return false }
            return accepted > firstCut
        }.count
        let logs = restarts.flatMap(\.log)
        result.repairedAtStart = logs.filter { $0.contains("fsck at start:") }.count
        let failed = Self.failed(orders, spool: run.spool)
        result.failedBy = failed.reduce(into: [:]) { counts, failure in counts[failure.outcome, default: 0] += 1 }
        result.failedYetMessaged = failed.filter { sends[$0.order.digits] != nil }.count
        if !result.isClean || soak.keep {
            try? logs.joined(separator: "\n").write(toFile: run.root + "/up-after-cuts.log", atomically: false, encoding: .utf8)
        }
        return result
    }

    /// The orders in failed/, with the outcome of their last attempt.
    private static func failed(_ orders: [SoakOrder], spool: Spool) -> [(order: SoakOrder, outcome: String)] {
        orders.compactMap { order in
            guard let id = OrderID(fileName: order.fileName),
                  let record = try? spool.loadOrder(id, tenant: order.tenant, in: .failed) else { return nil }
            return (order, record.attempts.last?.outcome ?? "no attempt")
        }
    }

    /// The spool goes with the mount; a run with a bad count keeps a copy in its root, beside the logs.
    private func keepSpool(of run: SoakRun, disk: PowerFS, progress: (String) -> Void) {
        do {
            try FileManager.default.copyItem(atPath: run.spool.root, toPath: run.root + "/spool")
        } catch {
            progress("powerloss: could not copy the spool out of \(disk.mountpoint): \(error)")
        }
    }
}
