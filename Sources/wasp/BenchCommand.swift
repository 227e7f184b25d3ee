import Bench

enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "measure speed and memory (bench intake | scheduler | sender | dashboard)"
    static let help = """
    usage: wasp bench intake [--orders N] [--connections C] [--dir DIR]
           wasp bench scheduler [--orders N] [--dir DIR]
           wasp bench sender [--rounds N] [--dir DIR]
           wasp bench dashboard [--orders N] [--rounds R] [--dir DIR]

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
    dashboard
            writes N orders (default 100000) of one tenant over every state and the last 60 days,
            starts a real 'wasp dashboard', waits until it has indexed them, then prints p50/p99 of
            R requests each (default 200) for the first orders page, a deep page and the stats;
            the time from R renames incoming/ → ready/ to their live events; and the RSS with 100
            live connections open, and the peak RSS.
    """
    static let options: Set<String> = ["orders", "connections", "rounds", "dir"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let directory = arguments.options["dir"] ?? "."
        switch try arguments.positional(0, "what to measure: intake, scheduler, sender or dashboard") {
        case "intake":
            guard let orders = Int(arguments.options["orders"] ?? "4000"), orders > 0,
                  let connections = Int(arguments.options["connections"] ?? "32"), connections > 0
            else { throw .usage("--orders and --connections take positive whole numbers") }
            do {
                try IntakeBench(orders: orders, connections: connections, directory: directory).run()
            } catch {
                throw .failed("\(error)")
            }
            return 0
        case "scheduler":
            guard let orders = Int(arguments.options["orders"] ?? "100000"), orders > 0 else {
                throw .usage("--orders takes a positive whole number")
            }
            do { try SchedulerBench(orders: orders, directory: directory).run() } catch { throw .failed("\(error)") }
            return 0
        case "sender":
            guard let rounds = Int(arguments.options["rounds"] ?? "10"), rounds > 0 else {
                throw .usage("--rounds takes a positive whole number")
            }
            let selectors = arguments.root + "/etc/whatsapp-web.selectors"
            do {
                try SenderBench(rounds: rounds, directory: directory, selectors: selectors).run()
            } catch {
                throw .failed("\(error)")
            }
            return 0
        case "dashboard":
            guard let orders = Int(arguments.options["orders"] ?? "100000"), orders > 0,
                  let rounds = Int(arguments.options["rounds"] ?? "200"), rounds > 0 else {
                throw .usage("--orders and --rounds take positive whole numbers")
            }
            do { try DashboardBench(orders: orders, rounds: rounds, directory: directory).run() } catch { throw .failed("\(error)") }
            return 0
        case let other:
            throw .usage("cannot measure '\(other)'; try: intake, scheduler, sender or dashboard")
        }
    }
}
