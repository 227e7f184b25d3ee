import Foundation

/// A daemon's work loop: `run` returns after `stop`, which a signal handler calls from another thread.
public protocol DaemonLoop: AnyObject, Sendable {
    func run()
    func stop()
}

/// What the daemons that work on the spool share around their loop: read `etc/wasp.conf`, become the daemon's own
/// user (`users =`) and take its lock on the spool (`DaemonStart`), make sure the spool root exists, build the loop
/// (logging why it cannot start), stop on SIGTERM/SIGINT, re-read tenant files on SIGHUP, and log `running` with
/// `announce`'s fields, then `stopped`.
/// The loop says when it is first of use (`DaemonReadiness`).
public enum SpoolDaemon {
    /// Returns the exit status: 1 when the loop could not be built.
    public static func run(_ name: String, root: String, announce: (WaspConfig) -> KeyValuePairs<String, String>,
                           loop make: (WaspConfig, Spool, TenantConfigs, Log, DaemonReadiness) throws -> any DaemonLoop) -> Int32 {
        let log = Log(name)
        let tenants = TenantConfigs(etc: root + "/etc", log: log)
        let config: WaspConfig
        let lock: LockFile
        let loop: any DaemonLoop
        do {
            config = try WaspConfig.load(root: root)
            lock = try DaemonStart.claim(name, config: config)
            tenants.loadAll()
            let spool = Spool(root: config.spoolPath)
            try FileManager.default.createDirectory(atPath: spool.root, withIntermediateDirectories: true)
            loop = try make(config, spool, tenants, log, DaemonReadiness(daemon: name, spoolRoot: spool.root, log: log))
        } catch {
            log.event("cannot start", ["error": "\(error)"])
            return 1
        }
        let signals = SignalHandlers(daemon: log, tenants: tenants) { loop.stop() }
        log.event("running", announce(config))
        loop.run()
        withExtendedLifetime((signals, lock)) {}
        log.event("stopped")
        return 0
    }
}
