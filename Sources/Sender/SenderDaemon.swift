import Foundation
import Spool

/// `wasp sender`: sends each tenant's due orders from the tenant's own linked WhatsApp.
public enum SenderDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        let log = Log("sender")
        let config: WaspConfig
        let sender: Sender
        let tenants = TenantConfigs(etc: root + "/etc", log: log)
        do {
            config = try WaspConfig.load(root: root)
            let spool = Spool(root: config.spoolPath)
            try FileManager.default.createDirectory(atPath: spool.root, withIntermediateDirectories: true)
            sender = try Sender(spool: spool, tenants: tenants, config: config, log: log)
        } catch {
            log.event("cannot start", ["error": "\(error)"])
            return 1
        }
        let signals = SignalHandlers(daemon: log, tenants: tenants) { sender.stop() }
        log.event("running", ["spool": config.spoolPath, "browsers": "\(config.senderMaxBrowsers)",
                              "whatsapp": config.whatsAppWebURL])
        sender.run()
        withExtendedLifetime(signals) {}
        log.event("stopped")
        return 0
    }
}
