import Bench
import Foundation
import Processes
import Spool

enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "measure speed and memory (bench intake | scheduler | sender | dashboard | hostile | soak | powerloss | backup | fulldisk | tenants | shards)"
    static let help = """
    usage: wasp bench intake [--orders N] [--connections C] [--workers W] [--dir DIR]
           wasp bench scheduler [--orders N] [--dir DIR]
           wasp bench sender [--rounds N] [--dir DIR]
           wasp bench sender --provider cloud [--orders N] [--dir DIR]
           wasp bench dashboard [--orders N] [--rounds R] [--dir DIR]
           wasp bench hostile [--idle N] [--slow N] [--orders N] [--parked N] [--dir DIR]
           wasp bench soak [--orders N] [--tenants T] [--cloud C] [--rate R] [--delay S] [--kill-every S]
                           [--users PREFIX] [--keep] [--dir DIR]
           wasp bench powerloss [--cuts N] [--cut-every S] [--powerfs PATH] [--orders M] [--tenants T] [--cloud C]
                                [--rate R] [--delay S] [--keep] [--dir DIR]
           wasp bench tenants [--tenants T] [--orders N] [--per-hour R] [--browsers M] [--budget SIZE]
                              [--per-day X] [--dir DIR]
           wasp bench shards [--orders N] [--tenants T] [--keep] [--dir DIR]
           wasp bench backup [--orders N] [--tenants T] [--cloud C] [--rate R] [--delay S] [--keep] [--dir DIR]
           wasp bench fulldisk --dir SMALL [--orders N] [--tenants T] [--cloud C] [--rate R] [--delay S] [--keep]

    intake  starts a real 'wasp intake' on loopback in a scratch root under DIR (default: the
            current directory, so the disk measured is the spool's), posts N unique signed orders
            (default 4000, made and signed before the clock starts) over C keep-alive connections
            (default 32), and prints accepted/s,
            latency p50/p99/max, errors, the same disk's single-thread durable-write rate for
            files of the same size, their ratio, start-to-listening time and the intake's RSS.
            --workers sets the intake's intake.workers (default: its default, 16).
    scheduler
            writes N orders (default 100000) across 10 tenants in a scratch root under DIR, all due
            tomorrow, starts a real 'wasp scheduler' and prints its CPU-seconds over 10 idle
            seconds and its RSS; then re-times them to fall due over the next minute and prints how
            late each reached ready/ (p50/p99/max); then puts them all back due now, restarts the
            scheduler and prints the time until all are in ready/, and the peak RSS.
    sender  starts a local WhatsApp Web stand-in and a real 'wasp sender' with 4 tenants, links
            them, then places one order per tenant in ready/ for N rounds (default 10) and prints
            the ready→sent latency with warm browsers; then, the old system's way, starts a new
            Chromium for each of N messages and prints start→sent; then the peak memory of each
            warm browser and of the sender. Uses etc/whatsapp-web.selectors from --root.
            With --provider cloud: 10 Cloud API tenants against a local stand-in of Meta's API that
            answers at once, pacing off, N orders (default 2000) in ready/ at once; prints messages/s,
            ready→sent latency and the sender's RSS.
    dashboard
            writes N orders (default 100000) of one tenant over every state and the last 60 days,
            starts a real 'wasp dashboard', waits until it has indexed them, then prints p50/p99 of
            R requests each (default 200) for the first orders page, a deep page and the stats;
            the time from R renames incoming/ → ready/ to their live events; and the RSS with 100
            live connections open, and the peak RSS.
    hostile starts a real 'wasp intake' in a scratch root under DIR and posts N signed orders
            (default 200), each on a new connection, first on a quiet server, then with --idle
            connections doing nothing (default 2000) and --slow clients sending a byte a second
            (default 400) held open, and prints p50/p99/max of each; then opens --parked idle
            connections (default 10000) and prints what they add to the intake's RSS.
    soak    the whole of wasp under 'wasp up' in a scratch root under DIR: T tenants (default 3)
            linked to a local WhatsApp Web stand-in and C (default 1) on a Cloud API stand-in, N
            signed orders (default 600) posted to the intake at R a second (default 4), each
            retried until it gets a 200 as Shopify does; about 5 % delivered twice, 5 % cancelled
            before they are due, 3 % after, 5 % fulfilled; the tenants' delay S seconds (default 6).
            The first fifth is posted calm; during the rest SIGKILL hits a random daemon (or, one
            time in seven, a browser) every S seconds on average (default 3). After a drain it
            prints one line of counts from the spool and the stand-ins' record of messages (lost,
            in two states, sent twice, cancelled before due yet sent, stuck: all must be 0; sent
            once; failed; indeterminate, i.e. found in the chat after a crash and not resent;
            kills) and due→sent p50/p99/max calm and under chaos. Exits 1 when a bad count is not
            0. --keep leaves the root (with up.log) in place, as a run with a bad count does.
            --users runs each daemon as its own Unix user (run as root, after 'wasp users --create'
            with 'users = PREFIX'). Uses etc/whatsapp-web.selectors.
    powerloss
            the soak's site with its spool on the power-loss file system (wasp-powerfs, a FUSE
            program of the tests: it keeps only what was fsynced) and etc/ under DIR; C Cloud API
            tenants (default 3) on a Cloud API stand-in off the power-loss disk, which lives through
            the cuts as Meta does, and T WhatsApp Web tenants (default 0); at least M orders (default:
            enough to flow through every cut) at R a second (default 2), with the soak's repeats and
            cancels. Every S seconds on average (default 4) a power cut (one in three armed to fail
            one of the next few fsyncs): the disk stops, 'wasp up' and every process using the
            mount get SIGKILL, the disk comes back with only what was fsynced, and 'wasp up' starts
            again (repairing first). After N cuts (default 50) and a drain it prints the cuts, the
            file system's count of moments an order had no durable name (must be 0), orders
            accepted after the first cut, what 'wasp up' repaired, failed orders by outcome
            (may_have_gone: cut while handing it to Meta, never resent) and the soak's counts.
            Exits 1 when a bad count is not 0. wasp-powerfs is looked for beside this wasp (build
            it with 'swift build --product wasp-powerfs') or at --powerfs PATH; it needs /dev/fuse
            and fuse3.
    tenants T WhatsApp Web tenants (default 200) linked to the stand-in under 'wasp up', with at most
            M browsers (default 8; sender.max_browsers) and --budget as sender.memory_budget; N
            orders (default 2000) at R an hour (default 2000) to tenants drawn at random, each
            tenant with a delay of 10-60 s. Prints every order's lateness after its due time
            (p50/p99/max, and how many within delay + 60 s), messages per minute, browser starts,
            the peak memory of all browsers, and the tenants per host that projects to for 24 and
            64 GiB at X orders per tenant per day (default 20).
    shards  three whole wasps side by side on 127.0.0.2-4 behind HAProxy on 127.0.0.1 (README.md,
            "Shards"), T tenants (default 30; three on the WhatsApp Web stand-in, the rest on the
            Cloud API stand-in) placed in turn, N orders (default 150) posted to HAProxy and retried
            until they get a 200. Meanwhile 'wasp shard move' takes a WhatsApp Web tenant from the
            first shard to the second, and the third is stopped for 8 s and started again. Prints
            lost, in two shards, sent once, sent twice, stuck, 421s, the move's length and whether
            the moved tenant's WhatsApp came along, and the 503s of the outage. Needs haproxy.
    backup  README.md's backup recipe under load, and a restore: the same tenants and orders as
            soak (default 300, no kills); two thirds go to host A, which is copied by rsync while
            they move, then again after 'wasp pause', and then killed (SIGKILL to all) while
            paused; 'wasp up' starts on the copy, which gets the shop's retries and the last third.
            Prints the hot copy's time and its fsck problems, the pause's length, what 'wasp up'
            repaired at start, the tenants that had to link again, and the soak's counts over both
            hosts. Uses etc/backup.exclude and etc/whatsapp-web.selectors. Exits 1 when a bad
            count is not 0.
    fulldisk
            the same site on the file system of --dir, which should be small and your own (e.g.
            mount -t tmpfs -o size=128m tmpfs /mnt/small): a third of N orders (default 150), then
            a file fills every byte left, the next third goes to the full disk, the file is removed
            after 2 × delay, and the last third follows. Prints the intake's 503s while full (and
            any without Retry-After), whether the dashboard answered, the log lines about the disk
            by daemon, due→sent over all orders, and the soak's counts. Exits 1 when a bad count is
            not 0, no webhook was refused or the dashboard did not answer.

    The stand-ins (WhatsApp Web, Meta's Cloud API) are test code and not part of wasp: the benches
    that need one start the program wasp-stand-in, looked for beside this wasp or at
    $WASP_STAND_IN; build it with 'swift build -c release --product wasp-stand-in'.
    """
    static let options: Set<String> = ["orders", "connections", "workers", "per-hour", "browsers", "budget", "per-day", "rounds", "dir", "idle", "slow", "parked", "provider",
                                        "tenants", "cloud", "rate", "delay", "kill-every", "users", "cuts", "cut-every", "powerfs"]
    static let flags: Set<String> = ["keep"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let directory = arguments.options["dir"] ?? "."
        switch try arguments.positional(0, "what to measure: intake, scheduler, sender, dashboard, hostile, soak, powerloss, backup or fulldisk") {
        case "intake":
            let bench = IntakeBench(orders: try arguments.positiveInteger("orders", default: 4000),
                                    connections: try arguments.positiveInteger("connections", default: 32),
                                    directory: directory,
                                    workers: arguments.options["workers"] == nil ? nil : try arguments.positiveInteger("workers", default: 16))
            try measure(bench.run)
        case "scheduler":
            let bench = SchedulerBench(orders: try arguments.positiveInteger("orders", default: 100_000), directory: directory)
            try measure(bench.run)
        case "sender" where arguments.options["provider"] == "cloud":
            try measure(CloudSenderBench(orders: try arguments.positiveInteger("orders", default: 2000), directory: directory).run)
        case "sender" where arguments.options["provider"].map({ $0 != "web" }) ?? false:
            throw .usage("--provider is web or cloud")
        case "sender":
            let bench = SenderBench(rounds: try arguments.positiveInteger("rounds", default: 10), directory: directory,
                                    selectors: arguments.root + "/etc/whatsapp-web.selectors")
            try measure(bench.run)
        case "dashboard":
            let bench = DashboardBench(orders: try arguments.positiveInteger("orders", default: 100_000),
                                       rounds: try arguments.positiveInteger("rounds", default: 200), directory: directory)
            try measure(bench.run)
        case "hostile":
            let bench = HostileBench(idle: try arguments.positiveInteger("idle", default: 2000),
                                     slow: try arguments.positiveInteger("slow", default: 400),
                                     orders: try arguments.positiveInteger("orders", default: 200),
                                     parked: try arguments.positiveInteger("parked", default: 10_000), directory: directory)
            try measure(bench.run)
        case "soak":
            try soak(arguments, directory: directory)
        case "powerloss":
            try powerLoss(arguments, directory: directory)
        case "backup":
            try backup(arguments, directory: directory)
        case "tenants":
            var settings = TenantsBench.Settings(executable: Spawn.ownExecutable, etc: arguments.root + "/etc", directory: directory)
            settings.tenants = try arguments.positiveInteger("tenants", default: settings.tenants)
            settings.orders = try arguments.positiveInteger("orders", default: settings.orders)
            settings.perHour = Double(try arguments.positiveInteger("per-hour", default: Int(settings.perHour)))
            settings.maxBrowsers = try arguments.positiveInteger("browsers", default: settings.maxBrowsers)
            settings.perTenantPerDay = Double(try arguments.positiveInteger("per-day", default: Int(settings.perTenantPerDay)))
            if let budget = arguments.options["budget"] {
                guard case .success(let bytes) = ConfigValue.memory(budget) else { throw .usage("--budget takes a size such as 3G") }
                settings.budget = bytes
            }
            try measure { try TenantsBench(settings).run { progress($0) }.forEach { print($0) } }
        case "shards":
            var settings = ShardBench.Settings(executable: Spawn.ownExecutable, etc: arguments.root + "/etc", directory: directory)
            settings.orders = try arguments.positiveInteger("orders", default: settings.orders)
            settings.tenants = try arguments.positiveInteger("tenants", default: settings.tenants)
            settings.keep = arguments.flags.contains("keep")
            try measure(clean: { try ShardBench(settings).run(progress: progress) }, report: \.report, isClean: \.isClean)
        case "fulldisk":
            guard arguments.options["dir"] != nil else { throw .usage("fulldisk fills the file system of --dir: name a small one of your own") }
            let settings = try soakSettings(arguments, directory: directory, orders: 150)
            try measure(clean: { try FullDiskBench(settings).run(progress: progress) }, report: \.report, isClean: \.isClean)
        case let other:
            throw .usage("cannot measure '\(other)'; try: intake, scheduler, sender, dashboard, hostile, soak, powerloss, backup or fulldisk")
        }
        return 0
    }

    private static func soak(_ arguments: Arguments, directory: String) throws(CommandError) {
        let settings = try soakSettings(arguments, directory: directory, orders: 600)
        try measure(clean: { try SoakBench(settings).run(progress: progress) }, report: \.report, isClean: \.isClean)
    }

    private static func powerLoss(_ arguments: Arguments, directory: String) throws(CommandError) {
        var soak = SoakBench.Settings(executable: Spawn.ownExecutable, etc: arguments.root + "/etc", directory: directory)
        (soak.webTenants, soak.cloudTenants, soak.rate) = (0, 3, 2)
        let beside = URL(fileURLWithPath: Spawn.ownExecutable).deletingLastPathComponent().appendingPathComponent("wasp-powerfs").path
        var settings = PowerLossBench.Settings(soak: try soakSettings(arguments, directory: directory, base: soak, orders: 0),
                                               powerFS: arguments.options["powerfs"] ?? beside)
        settings.cuts = try arguments.positiveInteger("cuts", default: settings.cuts)
        settings.cutEvery = Double(try arguments.positiveInteger("cut-every", default: Int(settings.cutEvery)))
        try measure(clean: { try PowerLossBench(settings).run(progress: progress) }, report: \.report, isClean: \.isClean)
    }

    private static func backup(_ arguments: Arguments, directory: String) throws(CommandError) {
        let settings = try soakSettings(arguments, directory: directory, orders: 300)
        try measure(clean: { try BackupBench(settings).run(progress: progress) }, report: \.report, isClean: \.isClean)
    }

    /// The soak's settings from the options, over `base` (the soak's defaults unless given).
    private static func soakSettings(_ arguments: Arguments, directory: String, base: SoakBench.Settings? = nil,
                                     orders: Int) throws(CommandError) -> SoakBench.Settings {
        var settings = base ?? SoakBench.Settings(executable: Spawn.ownExecutable, etc: arguments.root + "/etc", directory: directory)
        settings.orders = try arguments.positiveInteger("orders", default: orders)
        settings.webTenants = try arguments.positiveInteger("tenants", default: settings.webTenants, lowest: 0)
        settings.cloudTenants = try arguments.positiveInteger("cloud", default: settings.cloudTenants, lowest: 0)
        settings.rate = Double(try arguments.positiveInteger("rate", default: Int(settings.rate)))
        settings.delay = Double(try arguments.positiveInteger("delay", default: Int(settings.delay)))
        settings.killEvery = Double(try arguments.positiveInteger("kill-every", default: Int(settings.killEvery)))
        settings.keep = arguments.flags.contains("keep")
        settings.users = arguments.options["users"]
        guard settings.webTenants + settings.cloudTenants > 0 else { throw .usage("a soak needs --tenants or --cloud above 0") }
        return settings
    }

    /// Progress goes to stderr, unbuffered, so a long run shows where it is.
    private static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Runs a bench that judges itself: its report is printed, and a bad count fails the command.
    private static func measure<Result>(clean bench: () throws -> Result, report: (Result) -> [String],
                                        isClean: (Result) -> Bool) throws(CommandError) {
        var clean = false
        try measure {
            let result = try bench()
            report(result).forEach { print($0) }
            clean = isClean(result)
        }
        guard clean else { throw .failed("a count that must be 0 is not") }
    }

    /// Runs a bench; whatever stops it is a failure (exit 1), not bad usage.
    private static func measure(_ bench: () throws -> Void) throws(CommandError) {
        do { try bench() } catch { throw .failed("\(error)") }
    }
}
