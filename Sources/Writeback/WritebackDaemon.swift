import Spool

/// `wasp writeback`: writes customers' answers onto their Shopify orders (tags, and a cancel where the merchant
/// wants one), from the jobs the scheduler leaves in `writeback/`.
public enum WritebackDaemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public static func run(root: String) -> Int32 {
        SpoolDaemon.run("writeback", root: root) { config in
            ["spool": config.spoolPath]
        } loop: { config, spool, tenants, log, readiness in
            try Writeback(spool: spool, tenants: tenants, publicURL: config.publicURL,
                          placement: ShardPlacement(name: config.shardName, etc: tenants.etc, log: log), log: log, readiness: readiness)
        }
    }
}
