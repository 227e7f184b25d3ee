import Writeback

enum WritebackCommand: Command {
    static let name = "writeback"
    static let summary = "write customers' answers onto their Shopify orders (daemon)"
    static let help = """
    usage: wasp writeback [--root DIR]

    Takes the jobs the scheduler leaves in spool/<tenant>/writeback/ when a customer confirms,
    cancels, or does not answer by confirm.expire, and calls Shopify's Admin GraphQL API with the
    tenant's shopify.admin_token_file: tagsAdd/tagsRemove (writeback.tags), and with
    writeback.cancel = yes an orderCancel (reason CUSTOMER, no refund, restock) unless the order
    is cancelled already. A job is removed only after Shopify answered success; throttling, 429
    and 5xx wait (Retry-After, the query-cost bucket, else 30 s doubling to 1 h: the job's mtime
    is its next try); a job Shopify refuses is kept as <job>.failed with the reason; a refused
    token stops that tenant's jobs, with one log line, until its token file is fixed.
    SIGHUP reloads tenant files; SIGTERM stops.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return WritebackDaemon.run(root: arguments.root)
    }
}
