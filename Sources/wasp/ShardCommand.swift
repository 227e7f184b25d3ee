import Admin
import Foundation
import Spool

enum ShardCommand: Command {
    static let name = "shard"
    static let summary = "tenants across hosts: HAProxy's map (shard map)"
    static let help = """
    usage: wasp shard map --dir DIR [--root DIR]

    map     reads etc/shards ('name address' per line) and etc/tenant-shards ('tenant shard' per
            line) and writes DIR/tenants.map and DIR/shards.cfg for HAProxy (etc/haproxy.cfg uses
            them): each tenant's webhooks and dashboard go to its shard, a shard that is down
            answers 503, and no tenant is ever sent to another shard. The ports are this host's
            intake.listen and dashboard.listen: every shard listens on the same ones. Then reload
            HAProxy ('systemctl reload haproxy'). README.md, "Shards".
    """
    static let options: Set<String> = ["dir"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        switch try arguments.positional(0, "a subcommand: map") {
        case "map": return try writeMap(arguments)
        case let other: throw .usage("unknown subcommand '\(other)'")
        }
    }

    private static func writeMap(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        guard let directory = arguments.options["dir"] else { throw .usage("--dir is required: where HAProxy reads the map") }
        let config = try arguments.waspConfig()
        let map: ShardMap
        do { map = try ShardMap.load(etc: arguments.root + "/etc") } catch { throw .failed(error.description) }
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
}
