import Bench

enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "measure speed and memory (bench intake | scheduler | sender | dashboard | hostile)"
    static let help = """
    usage: wasp bench intake [--orders N] [--connections C] [--dir DIR]
           wasp bench scheduler [--orders N] [--dir DIR]
           wasp bench sender [--rounds N] [--dir DIR]
           wasp bench sender --provider cloud [--orders N] [--dir DIR]
           wasp bench dashboard [--orders N] [--rounds R] [--dir DIR]
           wasp bench hostile [--idle N] [--slow N] [--orders N] [--parked N] [--dir DIR]

    intake  starts a real 'wasp intake' on loopback in a scratch root under DIR (default: the
            current directory, so the disk measured is the spool's), posts N unique signed orders
            (default 4000) over C keep-alive connections (default 32), and prints accepted/s,
            latency p50/p99/max, errors, the same disk's single-thread durable-write rate for
            files of the same size, their ratio, start-to-listening time and the intake's RSS.
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
    """
    static let options: Set<String> = ["orders", "connections", "rounds", "dir", "idle", "slow", "parked", "provider"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let directory = arguments.options["dir"] ?? "."
        switch try arguments.positional(0, "what to measure: intake, scheduler, sender, dashboard or hostile") {
        case "intake":
            let bench = IntakeBench(orders: try arguments.positiveInteger("orders", default: 4000),
                                    connections: try arguments.positiveInteger("connections", default: 32),
                                    directory: directory)
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
        case let other:
            throw .usage("cannot measure '\(other)'; try: intake, scheduler, sender, dashboard or hostile")
        }
        return 0
    }

    /// Runs a bench; whatever stops it is a failure (exit 1), not bad usage.
    private static func measure(_ bench: () throws -> Void) throws(CommandError) {
        do { try bench() } catch { throw .failed("\(error)") }
    }
}
