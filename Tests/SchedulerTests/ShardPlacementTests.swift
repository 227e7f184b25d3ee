import Foundation
import Spool
import Testing
import TestSupport

/// While `wasp shard move` copies a tenant away, nothing of it moves here: due orders, there at the start or
/// arriving later, stay in `incoming/`. Once the map says it is served here again, they are released.
@Suite struct ShardPlacementTests {
    @Test func aMovingTenantsOrdersAndEventsWaitUntilItIsServedHereAgain() throws {
        let harness = try SchedulerHarness(waspConf: ["shard.name = a"], startScheduler: false)
        let etc = harness.root.path + "/etc"
        try "a 127.0.0.2\nb 127.0.0.3\n".write(toFile: etc + "/shards", atomically: true, encoding: .utf8)
        try "shop a moving\n".write(toFile: etc + "/tenant-shards", atomically: true, encoding: .utf8)
        try harness.orders.add("3001", due: Date().addingTimeInterval(-1))
        try harness.start()
        try harness.orders.add("3002", due: Date().addingTimeInterval(1))
        Thread.sleep(forTimeInterval: 4)
        #expect(harness.orders.names(.incoming) == ["3001.json", "3002.json"], "neither is released while it moves")
        try "shop a\n".write(toFile: etc + "/tenant-shards", atomically: true, encoding: .utf8)
        #expect(eventually(timeout: 15) { harness.orders.names(.ready) == ["3001.json", "3002.json"] })
    }
}
