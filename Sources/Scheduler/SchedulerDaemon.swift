import Spool

/// `wasp scheduler`: moves orders from `incoming/` and `deferred/` to `ready/` when due, and applies events.
public enum SchedulerDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        SpoolDaemon.run("scheduler", root: root) { config in
            ["spool": config.spoolPath, "max_age": "\(Int(config.maxAge))s"]
        } loop: { config, spool, tenants, log, readiness in
            try Scheduler(spool: spool, tenants: tenants, placement: ShardPlacement(name: config.shardName, etc: tenants.etc, log: log),
                          maxAge: config.maxAge, log: log, readiness: readiness,
                          alert: config.alertCommand.map { AlertCommand($0, log: log) })
        }
    }
}
