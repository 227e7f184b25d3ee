import Foundation
import HTTP
import Spool

/// `wasp intake`: the HTTP endpoint Shopify posts to.
public enum IntakeDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        let log = Log("intake")
        let config: WaspConfig
        let lock: LockFile
        do {
            config = try WaspConfig.load(root: root)
            lock = try DaemonStart.claim("intake", config: config)
        } catch {
            log.event("cannot start", ["error": "\(error)"])
            return 1
        }
        let tenants = TenantConfigs(etc: root + "/etc", log: log)
        tenants.loadAll()
        let spool = Spool(root: config.spoolPath)
        let shards = ShardPlacement(name: config.shardName, etc: root + "/etc", log: log)
        let feed = FeedWatch(spool: spool)
        let receiver = WebhookReceiver(spool: spool, tenants: tenants, shards: shards, maxBody: config.intakeMaxBody, feed: feed)
        let reconciler = Reconciler(spool: spool, tenants: tenants, shards: shards, feed: feed, alertCommand: config.alertCommand,
                                    log: log)
        var limits = HTTPServerLimits()
        limits.maxConnections = config.intakeMaxConnections
        limits.maxBodyBytes = config.intakeMaxBody
        limits.requestTimeout = config.intakeReadTimeout
        limits.idleTimeout = config.intakeIdleTimeout
        limits.workers = config.intakeWorkers
        let server: HTTPServer
        do {
            server = try HTTPServer(host: config.intakeListen.host, port: config.intakeListen.port, limits: limits,
                                    handler: receiver.respond)
        } catch {
            // The key names the line of etc/wasp.conf to change when another program has the port.
            log.event("cannot start", ["key": "intake.listen", "error": error.description])
            return 1
        }
        let signals = SignalHandlers(daemon: log, tenants: tenants) { server.stop() }
        // Recorded before the line that says it, so whoever waits for that line finds the record written.
        DaemonReadiness(daemon: "intake", spoolRoot: config.spoolPath, log: log).serving("listening")
        log.event("listening", ["address": "\(config.intakeListen.host):\(server.port)", "spool": config.spoolPath])
        reconciler.start()
        server.run()
        reconciler.stop()
        withExtendedLifetime((signals, lock)) {}
        log.event("stopped")
        return 0
    }
}
