import CloudStandIn
import Foundation
import Glibc
import HTTP
import Spool
import Supervisor
import WhatsAppStandIn

/// `wasp bench soak`: the whole of wasp under `wasp up`, tenants linked to the WhatsApp Web stand-in and on the Cloud
/// API stand-in, signed orders posted to the intake at a steady rate (with repeats, cancels and fulfilments), first
/// calm, then while SIGKILL hits a random daemon or browser every few seconds. After a drain it counts, from the
/// spool and the stand-ins' record of messages, what was lost, doubled or stuck (`SoakTally`).
public struct SoakBench {
    public struct Settings: Sendable {
        public var webTenants = 3
        public var cloudTenants = 1
        public var orders = 600
        /// Orders posted per second.
        public var rate = 4.0
        /// The tenants' `delay`: how long after it is placed an order is due.
        public var delay: TimeInterval = 6
        /// The average time between two kills.
        public var killEvery: TimeInterval = 3
        /// The share of the orders posted before the chaos starts, for the baseline.
        public var calmShare = 0.2
        /// How long the orders may take to settle once the posting and the chaos have ended.
        public var drain: TimeInterval = 180
        /// The `wasp` binary `wasp up` runs, and the selectors file its sender reads.
        public var executable: String
        public var selectors: String
        public var directory: String
        /// Keep the run's root (etc/, spool/ and `up.log`) for a look afterwards; a run with a bad count keeps it anyway.
        public var keep = false

        public init(executable: String, selectors: String, directory: String) {
            self.executable = executable
            self.selectors = selectors
            self.directory = directory
        }
    }

    let settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// Runs the soak and returns its tally; `progress` hears a line now and then.
    public func run(progress: (String) -> Void = { _ in }) throws -> SoakTally {
        let root = settings.directory + "/wasp-soak-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let standIn = try WhatsAppStandIn(qrRotation: 5, reloadAfter: 100)
        let cloud = try CloudStandIn(phoneNumberID: "1065", token: "soak-token", templates: ["order_confirmation": 2])
        defer {
            standIn.stop()
            cloud.stop()
        }
        let spool = Spool(root: root + "/spool")
        let site = try SoakSite.make(root: root, spool: spool, settings: settings, webURL: standIn.url, cloudURL: cloud.url)
        let up = try DaemonProcess(executable: settings.executable, arguments: ["up", "--root", root],
                                   readyWhen: "intake: listening", timeout: 30)
        let tally = try withExtendedLifetime(up) {
            try StandInLinking.link(site.webTenants, spool: spool, standIn: standIn)
            progress("soak: \(site.webTenants.count) WhatsApp Web tenants linked; posting \(settings.orders) orders")
            return try drive(site, spool: spool, progress: progress) { orders, shop in
                var tally = SoakTally()
                tally.count(orders, spool: spool, shop: shop, sends: Self.sends(standIn, cloud))
                return tally
            }
        }
        _ = up.stop()
        if settings.keep || !tally.isClean {
            try? up.log.joined(separator: "\n").write(toFile: root + "/up.log", atomically: false, encoding: .utf8)
            progress("soak: the run's root is kept at \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
        return tally
    }

    /// Posts the calm orders and lets them settle, then the rest under chaos, then drains and counts.
    private func drive(_ site: SoakSite, spool: Spool, progress: (String) -> Void,
                       count: ([SoakOrder], SoakShop) -> SoakTally) throws -> SoakTally {
        let calm = max(1, Int(Double(settings.orders) * settings.calmShare))
        let orders = SoakOrder.plan(count: settings.orders, calm: calm, tenants: site.webTenants + site.cloudTenants,
                                    firstID: UInt64(Date().timeIntervalSince1970) * 1000)
        let shop = SoakShop(port: site.intakePort, delay: settings.delay)
        defer { shop.close() }
        post(orders[..<calm], to: shop)
        settle(orders[..<calm], spool: spool, shop: shop, within: settings.drain)
        progress("soak: \(calm) calm orders settled; the chaos starts")
        let chaos = SoakChaos(spool: spool, webTenants: site.webTenants, every: settings.killEvery)
        chaos.start()
        post(orders[calm...], to: shop)
        // Kills go on until the last orders are due and a little after, so they hit sending too.
        Thread.sleep(forTimeInterval: settings.delay + 5)
        chaos.stop()
        progress("soak: posting done, \(chaos.kills.daemons + chaos.kills.browsers) kills; draining")
        settle(orders[...], spool: spool, shop: shop, within: settings.drain)
        var tally = count(orders, shop)
        (tally.daemonKills, tally.browserKills) = chaos.kills
        return tally
    }

    /// Places orders at the steady rate.
    private func post(_ orders: ArraySlice<SoakOrder>, to shop: SoakShop) {
        let start = Date()
        for (offset, order) in orders.enumerated() {
            let at = start.addingTimeInterval(Double(offset) / settings.rate)
            if at > Date() { Thread.sleep(until: at) }
            shop.place(order)
        }
    }

    /// Waits until nothing waits to be posted and every order is in a final state, or `within` has passed.
    private func settle(_ orders: ArraySlice<SoakOrder>, spool: Spool, shop: SoakShop, within: TimeInterval) {
        let deadline = Date().addingTimeInterval(within)
        var unsettled = Array(orders)
        while Date() < deadline {
            unsettled.removeAll { order in
                shop.accepted(.create, order) != nil && SoakSite.finalStates.contains {
                    spool.exists(order.fileName, tenant: order.tenant, in: $0)
                }
            }
            if unsettled.isEmpty && shop.waiting == 0 { return }
            usleep(200_000)
        }
    }

    /// Every message each customer got, with when, from both stand-ins.
    private static func sends(_ standIn: WhatsAppStandIn, _ cloud: CloudStandIn) -> [String: [Date]] {
        var sends: [String: [Date]] = [:]
        for message in standIn.messages where !message.incoming { sends[message.phone, default: []].append(message.at) }
        for message in cloud.messages { sends[message.to.filter(\.isNumber), default: []].append(message.at) }
        return sends
    }
}
