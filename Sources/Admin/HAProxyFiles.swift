import Spool

/// What `wasp shard map` writes for HAProxy from the shard map ('wasp help shards'): `tenants.map`, one
/// `tenant shard` line per placed tenant for the `map()` lookups of `etc/haproxy.cfg`, and `shards.cfg`, two
/// backends per shard (its intake and its dashboard), each with the one server of that shard, so a shard that is
/// down gets 503 from HAProxy and its tenants are never sent anywhere else.
public struct HAProxyFiles {
    public static let mapFile = "tenants.map"
    public static let backendsFile = "shards.cfg"

    let map: ShardMap
    let intakePort: UInt16
    let dashboardPort: UInt16

    public init(map: ShardMap, intakePort: UInt16, dashboardPort: UInt16) {
        self.map = map
        self.intakePort = intakePort
        self.dashboardPort = dashboardPort
    }

    /// The file names with their contents.
    public var files: [(name: String, text: String)] {
        [(Self.mapFile, tenants), (Self.backendsFile, backends)]
    }

    var tenants: String {
        "# tenant shard: written by 'wasp shard map' from etc/tenant-shards; edit that file, not this one\n"
            + map.tenants.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value.shard)\n" }.joined()
    }

    var backends: String {
        var text = "# Written by 'wasp shard map' from etc/shards; edit that file, not this one.\n"
        for shard in map.shards {
            text += """

                backend shard_\(shard.name)_intake
                    option httpchk GET /healthz
                    server \(shard.name) \(shard.address):\(intakePort) check

                backend shard_\(shard.name)_dashboard
                    server \(shard.name) \(shard.address):\(dashboardPort) check

                """
        }
        return text
    }
}
