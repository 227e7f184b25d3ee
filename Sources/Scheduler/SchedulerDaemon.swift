import Foundation
import Spool

/// `wasp scheduler`: moves orders from `incoming/` and `deferred/` to `ready/` when due, and applies events.
public enum SchedulerDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        let log = Log("scheduler")
        let config: WaspConfig
        let scheduler: Scheduler
        let tenants = TenantConfigs(etc: root + "/etc", log: log)
        do {
            config = try WaspConfig.load(root: root)
            let spool = Spool(root: config.spoolPath)
            try FileManager.default.createDirectory(atPath: spool.root, withIntermediateDirectories: true)
            scheduler = try Scheduler(spool: spool, tenants: tenants, maxAge: config.maxAge, log: log)
        } catch {
            log.event("cannot start", ["error": "\(error)"])
            return 1
        }
        let signals = SignalHandlers(daemon: log, tenants: tenants) { scheduler.stop() }
        log.event("running", ["spool": config.spoolPath, "max_age": "\(Int(config.maxAge))s"])
        scheduler.run()
        withExtendedLifetime(signals) {}
        log.event("stopped")
        return 0
    }
}
