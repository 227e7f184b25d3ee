import Admin
import Foundation
import Processes
import Spool

enum ShardCommand: Command {
    static let name = "shard"
    static let summary = "tenants across hosts: HAProxy's map, moving a tenant (shard map/move/forget)"
    static let help = """
    usage: wasp shard map --dir DIR [--root DIR]
           wasp shard move <tenant> --to SHARD [--wait SECONDS] [--root DIR]
           wasp shard forget <tenant> [--root DIR]
           wasp shard accepted <tenant> --since TIME [--root DIR]

    map       reads etc/shards ('name address [root]' per line) and etc/tenant-shards ('tenant
              shard' per line) and writes DIR/tenants.map and DIR/shards.cfg for HAProxy (which
              etc/haproxy/haproxy.cfg reads): each tenant's webhooks and dashboard go to its shard, a
              shard that is down answers 503, and no tenant is ever sent to another shard. The ports
              are this host's intake.listen and dashboard.listen: every shard listens on the same.
    move      run on the shard serving <tenant>: marks it moving (503 here, so Shopify retries),
              waits for its active/ to drain and its browser to close, copies its spool directory
              (the WhatsApp session too: no new link), tenant file and secrets to SHARD's root with
              rsync, runs 'wasp fsck --repair' there, flips its line to SHARD and runs shard.publish
              (wasp.conf) to put the map on every host and reload HAProxy; once SHARD has taken a
              webhook for it (--wait, default 600 s) the copy here is removed, else it is kept for
              'wasp shard forget'. Run again after a failure at any step, it goes on from that step
              (etc/shard-moves/<tenant> records where the tenant is going); a move of it to another
              shard meanwhile is refused. Secrets named by absolute paths are named relative to
              etc/ in the target's tenant file, so roots may be at different paths.
    forget    removes the copy of a tenant this shard no longer serves: its spool directory, its
              tenant file, the secrets it names (but those another tenant here names too) and the
              record of its move.
    accepted  exit 0 when <tenant> has taken a webhook here since TIME (RFC 3339, as
              2026-12-02T05:00:00Z; 'move' asks the new shard this).
    'wasp help shards'.
    """
    static let options: Set<String> = ["dir", "to", "wait", "since"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        switch try arguments.positional(0, "a subcommand: map, move, forget or accepted") {
        case "map": return try writeMap(arguments)
        case "move": return try move(arguments)
        case "forget": return try forget(arguments)
        case "accepted": return try accepted(arguments)
        case let other: throw .usage("unknown subcommand '\(other)'")
        }
    }

    private static func map(_ arguments: Arguments) throws(CommandError) -> ShardMap {
        do { return try ShardMap.load(etc: arguments.root + "/etc") } catch { throw .failed(error.description) }
    }

    private static func writeMap(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        guard let directory = arguments.options["dir"] else { throw .usage("--dir is required: where HAProxy reads the map") }
        let config = try arguments.waspConfig()
        let map = try map(arguments)
        guard !map.shards.isEmpty else { throw .failed("\(arguments.root)/etc/\(ShardMap.shardsFile) names no shard") }
        let files = HAProxyFiles(map: map, intakePort: config.intakeListen.port, dashboardPort: config.dashboardListen.port)
        for file in files.files {
            let path = directory + "/" + file.name
            do {
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .failed("cannot write \(path): \(error.localizedDescription)")
            }
        }
        print("wrote \(directory)/\(HAProxyFiles.mapFile) (\(map.tenants.count) tenants) and \(directory)/\(HAProxyFiles.backendsFile) (\(map.shards.count) shards); reload HAProxy")
        return 0
    }

    private static func move(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(2)
        let tenant = try arguments.tenant(at: 1)
        guard let to = arguments.options["to"] else { throw .usage("--to SHARD is required") }
        let config = try arguments.waspConfig()
        let map = try map(arguments)
        guard let name = config.shardName, let here = map.shard(named: name) else {
            throw .failed("shard.name in etc/wasp.conf must name this host's line in etc/\(ShardMap.shardsFile)")
        }
        guard let target = map.shard(named: to), to != name else {
            throw .failed("--to must name another shard of etc/\(ShardMap.shardsFile): \(map.shards.map(\.name).filter { $0 != name }.joined(separator: ", "))")
        }
        let plan = ShardMove.Plan(tenant: tenant, here: here, target: target, sourceRoot: arguments.root, config: config,
                                  acceptanceWait: TimeInterval(try arguments.positiveInteger("wait", default: 600)))
        do {
            return try ShardMove(plan, wasp: Spawn.ownExecutable) { print("move: " + $0) }.run() ? 0 : 1
        } catch {
            throw .failed(error.description)
        }
    }

    private static func forget(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(2)
        let tenant = try arguments.tenant(at: 1)
        let config = try arguments.waspConfig()
        guard let placed = try map(arguments).tenants[tenant]?.shard, placed != config.shardName else {
            throw .failed("the map places \(tenant) on this shard (or nowhere): its copy here is the one in use")
        }
        do { try ShardMove.forget(tenant, spool: Spool(root: config.spoolPath), etc: arguments.root + "/etc") } catch {
            throw .failed(error.description)
        }
        print("removed the copy of \(tenant); \(placed) serves it")
        return 0
    }

    private static func accepted(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(2)
        let tenant = try arguments.tenant(at: 1)
        guard let since = arguments.options["since"].flatMap(Timestamp.date) else {
            throw .usage("--since takes a time in RFC 3339, as 2026-12-02T05:00:00Z")
        }
        let spool = try arguments.spool()
        return spool.hasAccepted(tenant, since: since) ? 0 : 1
    }
}
