import Sender

enum SenderCommand: Command {
    static let name = "sender"
    static let summary = "send due orders from each merchant's linked WhatsApp (daemon)"
    static let help = """
    usage: wasp sender [--root DIR]

    Claims each order in ready/ by moving it to active/, sends its message through WhatsApp Web in
    the tenant's own headless Chromium profile (spool/<t>/chrome/), and moves it to sent/, failed/
    (no phone, not on WhatsApp, too many attempts) or deferred/ (mtime = next try, exponential
    backoff). At most sender.max_browsers browsers stay warm, shared in turns across tenants; a
    tenant's messages are at least min_gap apart and at most daily_cap a day. Orders found in
    active/ at start are looked for in the chat before any resend. While a tenant is not linked its
    orders wait and a QR code is shown (see 'wasp link'). SIGHUP reloads tenant files; SIGTERM stops.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return SenderDaemon.run(root: arguments.root)
    }
}
