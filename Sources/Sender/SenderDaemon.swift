import Spool

/// `wasp sender`: sends each tenant's due orders from the tenant's own linked WhatsApp.
public enum SenderDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        SpoolDaemon.run("sender", root: root) { config in
            ["spool": config.spoolPath, "browsers": "\(config.senderMaxBrowsers)", "whatsapp": config.whatsAppWebURL]
        } loop: { config, spool, tenants, log, readiness in
            try Sender(spool: spool, tenants: tenants, config: config, log: log, readiness: readiness)
        }
    }
}
