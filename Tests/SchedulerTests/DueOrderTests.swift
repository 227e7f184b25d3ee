import Foundation
import Glibc
@testable import Scheduler
import Spool
import Testing
import TestSupport

@Suite struct DueOrderTests {
    @Test func anOrderMovesToReadyOnlyOnceDue() throws {
        let harness = try SchedulerHarness()
        let due = Date().addingTimeInterval(1.5)
        try harness.orders.add("1001", due: due)
        try harness.orders.add("1002", due: Date().addingTimeInterval(3600))
        #expect(eventually { harness.orders.names(.ready) == ["1001.json"] })
        #expect(Date() >= due)
        #expect(harness.orders.names(.incoming) == ["1002.json"])
        #expect(eventually { harness.log.contains { $0.contains("tenant=shop order=1001 ready") } })
    }

    @Test func ordersAlreadyDueAtStartAreReleasedAndDeferredOnesToo() throws {
        let harness = try SchedulerHarness(startScheduler: false)
        try harness.orders.add("2001", due: Date().addingTimeInterval(-60))
        try harness.orders.add("2002", in: .deferred, due: Date().addingTimeInterval(-1))
        try harness.start()
        #expect(eventually { harness.orders.names(.ready) == ["2001.json", "2002.json"] })
        #expect(harness.orders.names(.incoming).isEmpty && harness.orders.names(.deferred).isEmpty)
    }

    @Test func touchingAWaitingOrderMakesItDueNow() throws {
        let harness = try SchedulerHarness()
        try harness.orders.add("3001", due: Date().addingTimeInterval(3600))
        usleep(300_000)
        #expect(harness.orders.names(.ready).isEmpty)
        try harness.orders.spool.setModified("3001.json", tenant: harness.orders.tenant, in: .incoming, to: Date())
        #expect(eventually { harness.orders.names(.ready) == ["3001.json"] })
    }

    @Test func aTenantCreatedAfterStartIsPickedUpWithoutARestart() throws {
        let harness = try SchedulerHarness()
        let other = try OrderFiles(root: harness.root, tenant: "late-comer")
        try other.add("4001", due: Date())
        #expect(eventually { other.names(.ready) == ["4001.json"] })
    }

    @Test func duringQuietHoursAnOrderWaitsForTheWindowsEndWithJitter() throws {
        let now = Date()
        let clock = { (offset: TimeInterval) -> String in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Kolkata")!
            let parts = calendar.dateComponents([.hour, .minute], from: now.addingTimeInterval(offset))
            return String(format: "%02d:%02d", parts.hour!, parts.minute!)
        }
        let harness = try SchedulerHarness(tenantLines: ["quiet_hours = \(clock(-3600))-\(clock(3600))",
                                                         "timezone = Asia/Kolkata"])
        try harness.orders.add("5001", due: now.addingTimeInterval(-1))
        #expect(eventually { harness.log.contains { $0.contains("order=5001 quiet hours") } })
        let due = try #require(harness.orders.modified("5001", in: .incoming))
        let windowEnd = now.addingTimeInterval(3600)
        #expect(due > windowEnd.addingTimeInterval(-61) && due < windowEnd.addingTimeInterval(600))
        #expect(harness.orders.names(.ready).isEmpty)
    }

    @Test func anOrderPendingLongerThanMaxAgeFailsAsExpired() throws {
        let harness = try SchedulerHarness(waspConf: ["max_age = 2s"])
        try harness.orders.add("6001", due: Date(), received: Date().addingTimeInterval(-10))
        #expect(eventually { harness.orders.names(.failed) == ["6001.json"] })
        let record = try harness.orders.load("6001", in: .failed)
        #expect(record.failure?.hasPrefix("expired") == true)
        #expect(record.attempts.last?.outcome == "expired")
    }

    @Test func aDueTimeInTheYear2100IsNotWaitedOnForever() throws {
        let harness = try SchedulerHarness(waspConf: ["max_age = 2s"])
        try harness.orders.add("7001", due: Timestamp.date("2100-01-01T00:00:00Z")!)
        #expect(eventually { harness.orders.names(.failed) == ["7001.json"] })
    }

    @Test(arguments: [
        ("truncated", "{\"tenant\": \"shop\", \"order_id\": \"8001\", \"attem"),
        ("wrong types", "{\"tenant\": \"shop\", \"order_id\": 8001, \"attempts\": \"none\"}"),
    ])
    func aMalformedOrderFileGoesToCorruptAndTheNextOneGoesOn(kind: String, contents: String) throws {
        let harness = try SchedulerHarness(startScheduler: false)
        try harness.orders.addRaw(contents, name: "8001.json", in: .incoming, modified: Date().addingTimeInterval(-2))
        try harness.orders.add("8002", due: Date().addingTimeInterval(-1))
        try harness.start()
        #expect(eventually { harness.orders.names(.ready) == ["8002.json"] })
        #expect(eventually { harness.orders.names(.corrupt) == ["8001.json"] })
        #expect(eventually { harness.log.contains { $0.contains("order=8001 set aside in corrupt/") } })
    }

    @Test func aFileThatVanishesBeforeItIsMovedIsSkipped() throws {
        let root = try TemporaryRoot()
        let orders = try OrderFiles(root: root, tenant: "shop")
        let dueOrders = DueOrders(spool: orders.spool, tenants: TenantConfigs(etc: root.path + "/etc", log: Log("test")),
                                  maxAge: 3600, log: Log("test"))
        let gone = WaitingFile(tenant: orders.tenant, directory: .incoming, name: "9001.json")
        #expect(dueOrders.handle(dueOrders.read(gone), now: Date()) == .done)
        try orders.add("9002", due: Date().addingTimeInterval(-1))
        try orders.add("9003", due: Date().addingTimeInterval(-1))
        let readings = dueOrders.read([9002, 9003].map { WaitingFile(tenant: orders.tenant, directory: .incoming, name: "\($0).json") })
        // Read, then gone before the move (an operator's `wasp delete`): skipped, not an error.
        try FileManager.default.removeItem(atPath: orders.spool.path(orders.tenant, .incoming, "9003.json"))
        let verdicts = readings.map { dueOrders.handle($0, now: Date()) }
        #expect(verdicts == [.release(OrderID("9002")!), .release(OrderID("9003")!)])
        let releasing = zip(readings, [OrderID("9002")!, OrderID("9003")!]).map { (file: $0.file, id: $1) }
        #expect(dueOrders.release(releasing, now: Date()) == [.released(OrderID("9002")!), .done])
        #expect(orders.names(.ready) == ["9002.json"])
        #expect(orders.names(.tmp).isEmpty, "the vanished file's backup stayed")
    }
}
