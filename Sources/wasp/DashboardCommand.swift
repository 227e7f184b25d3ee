import Dashboard

enum DashboardCommand: Command {
    static let name = "dashboard"
    static let summary = "the merchants' read-only web dashboard, live (daemon)"
    static let help = """
    usage: wasp dashboard [--root DIR]

    Serves the merchants' dashboard on dashboard.listen (default 127.0.0.1:8081): a login with the
    tenant's email and password (wasp tenant passwd), then the Orders, Settings and Analytics tabs,
    kept live over Server-Sent Events fed by inotify on the spool. Also the old system's JSON API:
    POST /api/v1/auth/login, then GET /api/v1/admin/{orders,orders/<id>,stats,settings,whatsapp}
    with 'Authorization: Bearer <token>'. It reads the spool and etc/ and writes only the
    link-request of the Connect WhatsApp button, plus etc/dashboard.key (the session signing key,
    mode 0600) on first start. SIGHUP reloads tenant files; SIGTERM stops.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return DashboardDaemon.run(root: arguments.root)
    }
}
