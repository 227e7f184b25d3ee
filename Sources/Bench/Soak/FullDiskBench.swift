import Foundation
import HTTP
import Spool

/// `wasp bench fulldisk`: the whole of wasp on a small file system (DIR: one the operator mounted, e.g. a tmpfs)
/// that fills up while orders flow. A third of the orders is posted, then a file fills every byte left, the next
/// third is posted onto the full disk for `delay` × 2 seconds, the file is removed, and the last third follows.
/// It counts the intake's refusals (503 with Retry-After), whether the dashboard kept answering, the log lines
/// about the disk, due→sent over all orders, and the soak's counts.
public struct FullDiskBench {
    public struct Result: Sendable {
        public var tally = SoakTally()
        /// Webhooks the intake refused while the disk was full (the shop tried again).
        public var refusedWhileFull = 0
        /// Refusals that came without a Retry-After.
        public var refusedWithoutRetryAfter = 0
        public var dashboardAnsweredWhileFull = false
        /// Log lines about the disk, by daemon: a line per change of the condition (and one a minute while it
        /// lasts), not one per try.
        public var diskLines: [String: Int] = [:]

        public var isClean: Bool {
            tally.isClean && refusedWhileFull > 0 && refusedWithoutRetryAfter == 0 && dashboardAnsweredWhileFull
        }

        public var report: [String] {
            [String(format: "full disk: %d webhooks refused with 503 (%d without Retry-After); the dashboard %@; "
                    + "log lines about the disk: %@; due→sent %@",
                    refusedWhileFull, refusedWithoutRetryAfter, dashboardAnsweredWhileFull ? "answered" : "did NOT answer",
                    diskLines.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                    LatencySummary(tally.calm).secondsLine),
             tally.line]
        }
    }

    let settings: SoakBench.Settings

    public init(_ settings: SoakBench.Settings) {
        self.settings = settings
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        try SoakRun.with(settings, name: "fulldisk", progress: progress) { run in
            let orders = run.orders(settings.orders, calm: settings.orders)
            let shop = run.shop(delay: settings.delay)
            defer { shop.close() }
            let third = orders.count / 3
            var result = Result()
            shop.place(orders[..<third], rate: settings.rate)
            let filler = try DiskFiller(directory: settings.directory)
            progress("fulldisk: the disk is full")
            let refusedBefore = shop.refusals
            shop.place(orders[third..<(2 * third)], rate: settings.rate)
            Thread.sleep(forTimeInterval: settings.delay * 2)
            result.refusedWhileFull = shop.refusals - refusedBefore
            result.refusedWithoutRetryAfter = shop.refusalsWithoutRetryAfter
            result.dashboardAnsweredWhileFull = Self.answers(port: run.site.dashboardPort)
            try filler.remove()
            progress("fulldisk: room again")
            shop.place(orders[(2 * third)...], rate: settings.rate)
            shop.settle(orders[...], spool: run.spool, within: settings.drain)
            result.tally.count(orders, spool: run.spool, shop: shop, sends: try run.sends())
            for line in run.up.log where line.contains("No space left") {
                result.diskLines[String(line.prefix { $0 != ":" }), default: 0] += 1
            }
            return (result, result.isClean)
        }
    }

    private static func answers(port: UInt16) -> Bool {
        (try? HTTPClient(host: "127.0.0.1", port: port, timeout: 2).send("GET", "/login"))?.status == 200
    }
}

/// A file that takes every byte a file system has left, until removed.
struct DiskFiller {
    let path: String

    init(directory: String) throws {
        path = directory + "/filler-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
        else { throw BenchError("cannot write \(path)") }
        defer { try? handle.close() }
        while (try? handle.write(contentsOf: Data(count: 65536))) != nil {}
        while (try? handle.write(contentsOf: Data(count: 1))) != nil {}
    }

    func remove() throws {
        try FileManager.default.removeItem(atPath: path)
    }
}
