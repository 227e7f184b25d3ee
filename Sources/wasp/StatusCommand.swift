import Admin
import Spool
import Supervisor

enum StatusCommand: Command {
    static let name = "status"
    static let summary = "count each tenant's orders by state and age (like qshape)"
    static let help = """
    usage: wasp status [TENANT] [--browsers] [--root DIR]

    One line per tenant and state: the number of files, how many are not due yet ('future': a
    waiting order's mtime is its due time), and the rest by minutes since their mtime in doubling
    buckets (5m 10m ... 1280m, 1280m+), as Postfix's qshape. Then an 'orders' line counting the
    tenant's orders in the dashboard's words (sent, waiting for the customer, confirmed by the
    customer, no answer, opted out, not messaged, ...). Then the tenant's WhatsApp link state
    (unlinked, qr, linked, logged-out, error) with its reason, while something is wrong with the
    tenant's Shopify feed a 'shopify' line (shopify-missed-webhooks: reconciliation found orders
    whose webhook never came; shopify-quiet: no webhook for shopify.quiet_alert), the tenant's provider (web, or cloud
    with its template), and a line for a tenant file that does not parse.
    Every line starts with the tenant: grep '^5 '.
    Last, indented, each daemon that ever ran on this spool: its pid, how long it has been up, and
    how soon after it was started it was serving (the intake and the dashboard listening, the
    scheduler's first release pass, the sender's first message sent), and a line when 'wasp pause'
    has frozen them.
    --browsers prints instead each tenant's running browser: pid, how long it has run, its memory
    (PSS of the browser and its helpers, shared pages split between them) and CPU seconds, and the sum.
    """
    static let flags: Set<String> = ["browsers"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let spool = try arguments.spool()
        let tenants = try arguments.tenants(at: 0, in: spool)
        if arguments.flags.contains("browsers") {
            print(BrowserReport(spool: spool, tenants: tenants).render(), terminator: "")
            return 0
        }
        print(QueueShape(spool: spool, tenants: tenants).render(), terminator: "")
        let configs = TenantConfigs(etc: arguments.root + "/etc", log: nil)
        for tenant in tenants {
            switch configs.lookup(tenant) {
            case .found(let config):
                let cloud = config.cloud.map { " template \($0.template) (\($0.language))" } ?? ""
                print("\(tenant.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) provider   \(config.provider.rawValue)\(cloud)")
            case .broken(let error): print("\(tenant) configuration BROKEN: \(error)")
            case .unknownTenant: break
            }
        }
        print(DaemonReport(spoolRoot: spool.root).render(), terminator: "")
        if let since = SpoolPause(spoolRoot: spool.root).since {
            print("  PAUSED since \(Timestamp.string(since)) by 'wasp pause': nothing moves until 'wasp resume'")
        }
        return 0
    }
}
