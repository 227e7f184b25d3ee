import CLinux
import Foundation
import HTTP
import Spool

/// `wasp dashboard`: the merchants' read-only web view, with the spool follower on its own thread.
public enum DashboardDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        // A password check frees its 16 MiB scrypt table when it ends, but glibc's sliding mmap threshold soon
        // keeps blocks of that size in the arena of the thread that freed them: a burst of logins on many threads
        // stayed resident at hundreds of MiB, however few checks ran at once. A fixed threshold returns them.
        mallopt(M_MMAP_THRESHOLD, 1024 * 1024)
        let log = Log("dashboard")
        let tenants = TenantConfigs(etc: root + "/etc", log: log)
        let config: WaspConfig
        let lock: LockFile
        let server: HTTPServer
        let follower: SpoolFollower
        do {
            config = try WaspConfig.load(root: root)
            lock = try DaemonStart.claim("dashboard", config: config)
            tenants.loadAll()
            let spool = Spool(root: config.spoolPath)
            try FileManager.default.createDirectory(atPath: spool.root, withIntermediateDirectories: true)
            let index = OrderIndex(spool: spool)
            let dashboard = Dashboard(config: config, spool: spool, tenants: tenants,
                                      keys: try SessionKeys.loadOrCreate(etc: tenants.etc), index: index, feed: LiveFeed(),
                                      throttle: LoginThrottle(), log: log)
            follower = try SpoolFollower(spool: spool, index: index, dashboard: dashboard, log: log)
            var limits = HTTPServerLimits()
            limits.maxConnections = config.dashboardMaxConnections
            limits.maxBodyBytes = Dashboard.maxBodyBytes
            server = try HTTPServer(host: config.dashboardListen.host, port: config.dashboardListen.port, limits: limits,
                                    handler: dashboard.respond)
        } catch let error as SocketError {
            // Only the server listens here; the key names the line of etc/wasp.conf to change.
            log.event("cannot start", ["key": "dashboard.listen", "error": error.description])
            return 1
        } catch {
            log.event("cannot start", ["error": "\(error)"])
            return 1
        }
        let following = Thread { follower.run() }
        following.start()
        let signals = SignalHandlers(daemon: log, tenants: tenants) {
            follower.stop()
            server.stop()
        }
        // Recorded before the line that says it, so whoever waits for that line finds the record written.
        DaemonReadiness(daemon: "dashboard", spoolRoot: config.spoolPath, log: log).serving("listening")
        log.event("listening", ["address": "\(config.dashboardListen.host):\(server.port)", "spool": config.spoolPath])
        server.run(grace: 1)
        withExtendedLifetime((signals, lock)) {}
        log.event("stopped")
        return 0
    }
}
