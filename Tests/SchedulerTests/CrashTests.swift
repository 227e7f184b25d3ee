import Foundation
import Glibc
@testable import Scheduler
import Spool
import Testing
import TestSupport

@Suite struct CrashTests {
    @Test func killedAtRandomMomentsUnderLoadNoOrderIsLostOrDoubled() throws {
        let harness = try SchedulerHarness(startScheduler: false)
        let ids = (0..<10_000).map { String(100_000 + $0) }
        let start = Date()
        try harness.orders.addQuickly(ids) { start.addingTimeInterval(Double($0 % 200) / 100) }
        for _ in 0..<4 {
            try harness.start()
            usleep(UInt32.random(in: 50_000...400_000))
            harness.kill()
        }
        try harness.start()
        #expect(eventually(timeout: 60) { harness.orders.names(.ready).count == ids.count })
        #expect(harness.orders.names(.incoming).isEmpty)
        #expect(Set(harness.orders.names(.ready)) == Set(ids.map { $0 + ".json" }))
        #expect(try harness.orders.load(ids[1234], in: .ready).orderID == ids[1234])
    }
}

@Suite struct HousekeepingTests {
    @Test func staleTemporaryFilesAndOldMarkersGoFreshOnesStay() throws {
        let root = try TemporaryRoot()
        let orders = try OrderFiles(root: root, tenant: "shop")
        try orders.addRaw("half", name: "123.4567.1.json", in: .tmp)
        try orders.addRaw("", name: "webhook-abc", in: .seen, modified: Date().addingTimeInterval(-5 * 86400))
        try orders.addRaw("", name: "webhook-new", in: .seen)
        let housekeeping = Housekeeping(spool: orders.spool, log: Log("test"))
        housekeeping.run(orders.tenant, now: Date())
        #expect(orders.names(.tmp) == ["123.4567.1.json"])
        #expect(orders.names(.seen) == ["webhook-new"])
        housekeeping.run(orders.tenant, now: Date().addingTimeInterval(37 * 3600))
        #expect(orders.names(.tmp).isEmpty)
    }
}
