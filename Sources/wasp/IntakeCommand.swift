import Intake

enum IntakeCommand: Command {
    static let name = "intake"
    static let summary = "receive Shopify webhooks into the spool (daemon)"
    static let help = """
    usage: wasp intake [--root DIR]

    Listens on intake.listen (etc/wasp.conf) for Shopify webhooks:
      POST /webhooks/<tenant>/<topic>, POST /webhooks/<tenant> (topic from X-Shopify-Topic),
      POST /api/v1/webhooks/<tenant>/orders/create, GET /healthz.
    Each delivery is verified with the tenant's shopify.secret, then fsynced into
    spool/<tenant>/incoming/ (orders) or spool/<tenant>/events/ (other topics) before 200 is sent.
    SIGHUP reloads tenant files; SIGTERM stops after requests in flight.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return IntakeDaemon.run(root: arguments.root)
    }
}
