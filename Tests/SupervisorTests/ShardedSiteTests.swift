import Bench
import Foundation
import Testing
import TestSupport

/// README's "Shards", end to end on loopback: three whole wasps on 127.0.0.2-4 behind a real HAProxy with the
/// shipped etc/haproxy/haproxy.cfg, 30 tenants, signed orders posted to HAProxy; meanwhile a WhatsApp Web tenant
/// moves between shards with `wasp shard move` and a shard is stopped and started again. Every order is sent
/// exactly once, the moved tenant does not link again, and its old shard keeps no copy. Through the same code as
/// `wasp bench shards`.
@Suite struct ShardedSiteTests {
    static let hasHAProxy = FileManager.default.isExecutableFile(atPath: "/usr/sbin/haproxy")

    @Test(.enabled(if: hasHAProxy, "needs Debian's haproxy (make deps installs it)"))
    func ordersThroughHAProxyAreSentOnceAcrossAMoveAndAnOutage() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        var settings = ShardBench.Settings(executable: Paths.wasp, etc: Paths.package + "/etc", directory: NSTemporaryDirectory())
        settings.orders = 60
        let result = try ShardBench(settings).run { print($0) }
        result.report.forEach { print($0) }
        #expect(result.isClean, "\(result.report)")
        #expect(result.accepted == 60)
        #expect(result.sentOnce == 60, "no order is cancelled here: each is sent once")
        #expect(result.moveStatus == 0)
        #expect(result.sentByTarget > 0, "the moved tenant's orders after the move went from its new shard")
        #expect(!result.copyLeftOnSource)
        #expect(result.linkStateAfterMove == "linked", "its WhatsApp session came with it")
        #expect(result.refusedDuringOutage > 0, "HAProxy answered 503 for the stopped shard's tenants")
    }
}
