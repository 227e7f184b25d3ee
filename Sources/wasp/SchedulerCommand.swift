import Scheduler

enum SchedulerCommand: Command {
    static let name = "scheduler"
    static let summary = "release due orders to the sender, apply Shopify events (daemon)"
    static let help = """
    usage: wasp scheduler [--root DIR]

    The only process that moves orders from incoming/ and deferred/ to ready/. A file is due when
    its mtime has passed ('touch' one to send it now). During a tenant's quiet_hours (in its
    timezone) due orders wait for the end of the window, spread over 10 minutes. An order still
    not sent max_age (etc/wasp.conf, default 3d) after it was received goes to failed/ as expired.
    Events in events/ (cancel, fulfilment, customers/redact, customers/data_request,
    app/uninstalled, shop/redact) are applied in arrival order; one for an order not yet in the
    spool waits for it, up to max_age. Files that do not parse go to corrupt/. Stale tmp/ files
    (36 h) and duplicate markers (4 days) are removed hourly.
    SIGHUP reloads tenant files; SIGTERM stops.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return SchedulerDaemon.run(root: arguments.root)
    }
}
