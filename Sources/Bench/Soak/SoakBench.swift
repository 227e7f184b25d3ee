import Foundation
import Glibc
import Spool

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
        /// The `wasp` binary `wasp up` runs, and the operator's `etc/` to take the selectors file (and
        /// `backup.exclude`) from.
        public var executable: String
        public var etc: String
        public var directory: String
        /// Keep the run's root (etc/, spool/ and `up.log`) for a look afterwards; a run with a bad count keeps it anyway.
        public var keep = false
        /// `users =` for the site: each daemon as its own Unix user (made beforehand with `wasp users --create`).
        public var users: String?
        /// `sender.max_browsers` (default: one per tenant) and more `wasp.conf` lines, for `wasp bench tenants`.
        public var maxBrowsers: Int?
        public var extraConfig = ""
        /// Where the spool lives when not in the root (`spool =` in wasp.conf): `wasp bench powerloss` puts it on
        /// the power-loss file system and leaves etc/ on the ordinary disk.
        public var spool: String?

        public init(executable: String, etc: String, directory: String) {
            self.executable = executable
            self.etc = etc
            self.directory = directory
        }
    }

    let settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// Runs the soak and returns its tally; `progress` hears a line now and then.
    public func run(progress: (String) -> Void = { _ in }) throws -> SoakTally {
        try SoakRun.with(settings, name: "soak", progress: progress) { run in
            let tally = try drive(run, progress: progress)
            return (tally, tally.isClean)
        }
    }

    /// Posts the calm orders and lets them settle, then the rest under chaos, then drains and counts.
    private func drive(_ run: SoakRun, progress: (String) -> Void) throws -> SoakTally {
        let spool = run.spool
        let calm = max(1, Int(Double(settings.orders) * settings.calmShare))
        let orders = run.orders(settings.orders, calm: calm)
        let shop = run.shop(delay: settings.delay)
        defer { shop.close() }
        shop.place(orders[..<calm], rate: settings.rate)
        shop.settle(orders[..<calm], spool: spool, within: settings.drain)
        progress("soak: \(calm) calm orders settled; the chaos starts")
        let chaos = SoakChaos(spool: spool, webTenants: run.site.webTenants, every: settings.killEvery)
        chaos.start()
        shop.place(orders[calm...], rate: settings.rate)
        // Kills go on until the last orders are due and a little after, so they hit sending too.
        Thread.sleep(forTimeInterval: settings.delay + 5)
        chaos.stop()
        progress("soak: posting done, \(chaos.kills.daemons + chaos.kills.browsers) kills; draining")
        shop.settle(orders[...], spool: spool, within: settings.drain)
        var tally = SoakTally()
        tally.count(orders, spool: spool, shop: shop, sends: try run.sends())
        (tally.daemonKills, tally.browserKills) = chaos.kills
        tally.attribute(chaos.killLog)
        return tally
    }
}
