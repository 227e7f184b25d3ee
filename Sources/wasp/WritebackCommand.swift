import Writeback

enum WritebackCommand: Command {
    static let name = "writeback"
    static let summary = "write customers' answers onto their Shopify orders (daemon)"
    static let help = """
    usage: wasp writeback [--root DIR]

    Takes the jobs the scheduler leaves in spool/<tenant>/writeback/ when a customer confirms,
    cancels, or does not answer by confirm.expire, and calls Shopify's Admin GraphQL API
    (shopify.api_version, default 2026-10) with a token minted from the tenant's Dev Dashboard
    app (shopify.client_id, shopify.client_secret_file; kept in memory only, renewed before it
    expires and once on a 401) or read from shopify.admin_token_file: tagsAdd/tagsRemove
    (writeback.tags), and with writeback.cancel = yes an orderCancel (reason CUSTOMER, no refund,
    restock) unless the order is cancelled already; the cancel is done once the order shows
    cancelledAt. A job is removed only after Shopify answered success; throttling, 429 and 5xx
    wait (Retry-After, the query-cost bucket, else 30 s doubling to 1 h: the job's mtime is its
    next try); a job Shopify refuses is kept as <job>.failed with the reason; a refused token or
    grant, or a frozen (402) or locked (423) shop, stops that tenant's jobs, with one log line,
    until it is fixed. A served API version other than the requested one, or a deprecation, is
    logged once per change. SIGHUP reloads tenant files; SIGTERM stops.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return WritebackDaemon.run(root: arguments.root)
    }
}
