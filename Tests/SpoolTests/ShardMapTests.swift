import Foundation
import Spool
import Testing
import TestSupport

/// `etc/shards` and `etc/tenant-shards`: what they say, and every mistake named by file and line.
@Suite struct ShardMapTests {
    let root: TemporaryRoot

    init() throws {
        root = try TemporaryRoot()
    }

    private func write(shards: String, tenants: String) throws {
        try shards.write(toFile: root.path + "/etc/shards", atomically: true, encoding: .utf8)
        try tenants.write(toFile: root.path + "/etc/tenant-shards", atomically: true, encoding: .utf8)
    }

    @Test func shardsAndPlacementsAreReadWithCommentsAndMovingMarks() throws {
        try write(shards: "# name address\na 10.0.0.11\n\nb 10.0.0.12  # the second\n", tenants: "5 a\nshop-b b moving\n")
        let map = try ShardMap.load(etc: root.path + "/etc")
        #expect(map.shards.map(\.name) == ["a", "b"])
        #expect(map.shard(named: "b")?.address == "10.0.0.12")
        #expect(map.shard(named: "b")?.root == "root@10.0.0.12:/var/lib/wasp", "ssh to the address, make install's root")
        #expect(map.tenants[TenantID("5")!] == ShardMap.Assignment(shard: "a", moving: false))
        #expect(map.tenants[TenantID("shop-b")!] == ShardMap.Assignment(shard: "b", moving: true))
        #expect(map.tenantsText == "5 a\nshop-b b moving\n")
    }

    @Test(arguments: [
        ("a\n", "", "shards:1: expected 'name address' or 'name address root'"),
        ("A 10.0.0.1\n", "", "shards:1: A: a shard's name"),
        ("a 1\na 2\n", "", "shards: a: named twice"),
        ("a 1\n", "5 b\n", "tenant-shards:1: 5: shard b is not in"),
        ("a 1\n", "5 a\n5 a\n", "tenant-shards:2: 5: placed twice"),
        ("a 1\n", "../x a\n", "tenant-shards:1: ../x: not a tenant id"),
        ("a 1\n", "5 a later\n", "tenant-shards:1: expected 'tenant shard' or 'tenant shard moving'"),
    ])
    func eachMistakeIsNamedByFileAndLine(shards: String, tenants: String, message: String) throws {
        try write(shards: shards, tenants: tenants)
        #expect(throws: ConfigError.self) { try ShardMap.load(etc: root.path + "/etc") }
        do {
            _ = try ShardMap.load(etc: root.path + "/etc")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func withoutAShardNameEveryTenantIsServedHere() throws {
        try write(shards: "a 1\nb 2\n", tenants: "5 b\n")
        #expect(ShardPlacement(name: nil, etc: root.path + "/etc", log: nil).serves(TenantID("5")!))
        #expect(ShardPlacement(name: "a", etc: root.path + "/etc", log: nil).verdict(for: TenantID("5")!)
                == .elsewhere(ShardMap.Shard(name: "b", address: "2")))
    }
}
