import Foundation
import Spool

/// `wasp bench shards`: a `ShardSite` (wasp shards behind HAProxy on loopback) under a steady stream of signed
/// orders posted to HAProxy, each retried until it gets a 200 as Shopify does. While the second third flows, a
/// WhatsApp Web tenant is moved from the first shard to the second with `wasp shard move`; during the last third
/// the last shard is stopped for a while and started again. The counts come from every shard's spool and the
/// stand-ins' record of messages.
public struct ShardBench {
    public struct Settings: Sendable {
        public var shards = 3
        public var tenants = 30
        /// Tenants on the WhatsApp Web stand-in, one per shard in turn; the rest use the Cloud API stand-in.
        public var webTenants = 3
        public var orders = 150
        public var rate = 5.0
        public var delay: TimeInterval = 5
        /// How long the last shard is down.
        public var outage: TimeInterval = 8
        public var drain: TimeInterval = 120
        public var executable: String
        public var etc: String
        public var directory: String
        public var keep = false

        public init(executable: String, etc: String, directory: String) {
            self.executable = executable
            self.etc = etc
            self.directory = directory
        }
    }

    public struct Result: Sendable {
        public var accepted = 0, lost = 0, inTwoShards = 0, sentOnce = 0, sentTwice = 0, stuck = 0
        public var moveStatus: Int32 = -1
        public var moveOutput = ""
        public var moveSeconds = 0.0
        /// The moved tenant's orders sent from its new shard, and whether its old shard still holds a copy.
        public var sentByTarget = 0
        public var copyLeftOnSource = true
        /// The moved tenant's WhatsApp state on its new shard (linked: nobody had to scan a code again).
        public var linkStateAfterMove = ""
        /// 503s the shop got while the last shard was down (from HAProxy), and 421s: the old shard's answer to a
        /// webhook HAProxy sent it in the moment between the map's flip and HAProxy's reload (Shopify retries it).
        public var refusedDuringOutage = 0
        public var misdirected = 0

        public var isClean: Bool {
            lost == 0 && inTwoShards == 0 && sentTwice == 0 && stuck == 0 && moveStatus == 0 && !copyLeftOnSource
                && linkStateAfterMove == "linked"
        }

        public var report: [String] {
            let counts = "shards: accepted \(accepted), lost \(lost), in two shards \(inTwoShards), sent exactly once \(sentOnce), "
                + "sent twice \(sentTwice), stuck \(stuck), 421s \(misdirected)"
            let seconds = String(format: "%.1f", moveSeconds)
            let move = "move: 'wasp shard move' exited \(moveStatus) after \(seconds) s; \(sentByTarget) of its orders sent "
                + "from the new shard; copy left on the old one: \(copyLeftOnSource ? "yes" : "no"); WhatsApp on the new shard: \(linkStateAfterMove)"
            let outage = "outage: \(refusedDuringOutage) answers 503 while the last shard was down; its orders sent once it was back"
            let failure = moveStatus == 0 ? [] : moveOutput.split(separator: "\n").suffix(8).map { "  " + String($0) }
            return [counts, move, outage] + failure
        }
    }

    let settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let web = try LocalWhatsAppWeb(beside: settings.executable)
        let cloud = try LocalService.cloudAPI(beside: settings.executable, token: "soak-token")
        defer {
            web.stop()
            cloud.stop()
        }
        let site = try ShardSite(settings, webURL: web.url, cloudURL: cloud.url)
        var result = Result()
        defer { site.tearDown(keep: settings.keep || !result.isClean, progress: progress) }
        try site.start()
        for shard in site.shards {
            try PhoneLinking.link(site.webTenants.filter { site.placement[$0]?.name == shard.name }, spool: shard.spool, web: web)
        }
        progress("shards: \(site.shards.count) shards behind HAProxy, \(site.webTenants.count) WhatsApp Web tenants linked; posting \(settings.orders) orders")
        let tenants = site.webTenants + site.cloudTenants
        let firstID = UInt64(Date().timeIntervalSince1970) * 1000
        let third = settings.orders / 3
        // From the move on, one order in four is the moved tenant's: some are refused while it moves, and
        // some reach its new shard, which is what ends the move.
        let orders = (0..<settings.orders).map { index in
            SoakOrder(index: index, id: firstID + UInt64(index),
                      tenant: index >= third && index % 4 == 0 ? site.webTenants[0] : tenants[index % tenants.count],
                      digits: "15026" + String(format: "%06d", index), underChaos: false, repeated: false,
                      cancelledEarly: false, cancelledLate: false, fulfilled: false)
        }
        let shop = SoakShop(port: site.haproxyPort, delay: settings.delay)
        defer { shop.close() }
        shop.place(orders[..<third], rate: settings.rate)
        let move = Move(site: site, settings: settings)
        move.start()
        shop.place(orders[third..<(2 * third)], rate: settings.rate)
        let down = site.shards.last!
        let before = shop.refusals(status: 503)
        site.stop(down)
        progress("shards: \(down.name) stopped")
        let outageEnds = Date().addingTimeInterval(settings.outage)
        shop.place(orders[(2 * third)...], rate: settings.rate)
        Thread.sleep(until: outageEnds)
        result.refusedDuringOutage = shop.refusals(status: 503) - before
        try site.start(down)
        progress("shards: \(down.name) started again")
        (result.moveStatus, result.moveOutput, result.moveSeconds) = move.finish()
        progress("shards: the move ended (exit \(result.moveStatus)); draining")
        settle(orders, site: site, shop: shop)
        count(orders, site: site, shop: shop, sends: try SoakRun.sends(web.service, cloud).mapValues(\.count), into: &result)
        let moved = site.webTenants[0]
        result.copyLeftOnSource = FileManager.default.fileExists(atPath: site.shards[0].spool.path(moved))
        if let target = site.shard(of: moved) {
            result.linkStateAfterMove = target.spool.linkState(moved).rawValue
            result.sentByTarget = target.spool.list(moved, .sent).count
        }
        result.misdirected = shop.refusals(status: 421)
        return result
    }

    private func settle(_ orders: [SoakOrder], site: ShardSite, shop: SoakShop) {
        let deadline = Date().addingTimeInterval(settings.drain)
        while Date() < deadline && !orders.allSatisfy({ shop.accepted(.create, $0) != nil && finalState($0, site) != nil }) {
            usleep(200_000)
        }
    }

    private func finalState(_ order: SoakOrder, _ site: ShardSite) -> SpoolDirectory? {
        site.shard(of: order.tenant).flatMap { shard in SoakSite.finalStates.first { shard.spool.exists(order.fileName, tenant: order.tenant, in: $0) } }
    }

    private func count(_ orders: [SoakOrder], site: ShardSite, shop: SoakShop, sends: [String: Int], into result: inout Result) {
        for order in orders where shop.accepted(.create, order) != nil {
            result.accepted += 1
            let holders = site.shards.filter { shard in SpoolDirectory.orderStates.contains { shard.spool.exists(order.fileName, tenant: order.tenant, in: $0) } }
            if holders.isEmpty { result.lost += 1 }
            if holders.count > 1 { result.inTwoShards += 1 }
            if finalState(order, site) == nil { result.stuck += 1 }
            switch sends[order.digits] ?? 0 {
            case 1: result.sentOnce += 1
            case 0: break
            default: result.sentTwice += 1
            }
        }
    }
}

/// `wasp shard move` of the first WhatsApp Web tenant to the second shard, run as an operator would, on its own thread.
private final class Move: @unchecked Sendable {
    let site: ShardSite
    let settings: ShardBench.Settings
    private let done = DispatchSemaphore(value: 0)
    private var outcome: (Int32, String, Double) = (-1, "", 0)

    init(site: ShardSite, settings: ShardBench.Settings) {
        self.site = site
        self.settings = settings
    }

    func start() {
        Thread { [self] in
            let started = Date()
            let arguments = ["shard", "move", site.webTenants[0].rawValue, "--to", site.shards[1].name, "--wait", "90",
                             "--root", site.shards[0].root]
            let (status, output) = (try? BackupCopy.run(settings.executable, arguments)) ?? (-1, "cannot run wasp")
            outcome = (status, output, Date().timeIntervalSince(started))
            done.signal()
        }.start()
    }

    /// Waits for the move to end: its exit status, output and length.
    func finish() -> (Int32, String, Double) {
        done.wait()
        return outcome
    }
}
