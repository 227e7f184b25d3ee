import Foundation
import Spool
import Testing
import TestSupport

/// What protects a merchant's number and shares the browsers: min_gap, daily_cap, turns across tenants, and
/// linking several tenants at once.
@Suite struct PacingTests {
    @Test func messagesOfOneTenantAreAtLeastMinGapApart() throws {
        let harness = try SenderHarness(tenantLines: ["min_gap = 2s"])
        try harness.link("shop")
        for id in ["5001", "5002", "5003"] { try harness.addReady(id) }
        #expect(harness.wait(for: ["5001", "5002", "5003"], in: .sent))
        let times = try ["5001", "5002", "5003"].map { id in
            try Timestamp.date(harness.orders["shop"]!.load(id, in: .sent).attempts.last!.at)!
        }.sorted()
        #expect(times[1].timeIntervalSince(times[0]) >= 1.9 && times[2].timeIntervalSince(times[1]) >= 1.9, "\(times)")
    }

    @Test func overTheDailyCapOrdersWaitInDeferredUntilTomorrow() throws {
        let harness = try SenderHarness(tenantLines: ["daily_cap = 1"])
        try harness.link("shop")
        try harness.addReady("5101")
        #expect(harness.wait(for: ["5101"], in: .sent))
        try harness.addReady("5102")
        #expect(harness.wait(for: ["5102"], in: .deferred))
        let record = try harness.orders["shop"]!.load("5102", in: .deferred)
        #expect(record.attempts.map(\.outcome) == ["daily_cap"])
        let due = try #require(harness.orders["shop"]!.modified("5102", in: .deferred))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(due >= calendar.startOfDay(for: Date()).addingTimeInterval(86400))
        #expect(harness.standIn.count(containing: "5102") == 0)
    }

    @Test func oneBrowserIsSharedInTurnsSoABigTenantDoesNotStarveASmallOne() throws {
        let harness = try SenderHarness(tenants: ["big", "small"], waspConf: ["sender.max_browsers = 1", "sender.link_grace = 0"])
        try harness.link("big")
        try harness.link("small")
        let big = (1...12).map { String(6000 + $0) }
        for id in big { try harness.addReady(id, tenant: "big") }
        try harness.addReady("7001", tenant: "small")
        try harness.addReady("7002", tenant: "small")
        #expect(harness.wait(for: big, in: .sent, tenant: "big", timeout: 60))
        #expect(harness.wait(for: ["7001", "7002"], in: .sent, tenant: "small"))
        let order = harness.standIn.messages.map(\.text)
        let lastSmall = try #require(order.lastIndex { $0.contains(" 7002 ") })
        #expect(lastSmall < 8, "small's two orders went in turns with big's twelve: \(order)")
        #expect(harness.log.contains { $0.contains("closing the least recently used browser") })
    }

    @Test func twoTenantsLinkingAtOnceEachGetTheirOwnQRAndSession() throws {
        let harness = try SenderHarness(tenants: ["north", "south"])
        for tenant in ["north", "south"] { try harness.spool.requestLink(TenantID(tenant)!) }
        #expect(eventually(timeout: 20) { harness.linkState("north") == .qr && harness.linkState("south") == .qr })
        let images = ["north", "south"].map { tenant in
            FileManager.default.contents(atPath: harness.spool.path(TenantID(tenant)!, .whatsapp, Spool.qrFile))
        }
        #expect(images[0] != nil && images[1] != nil && images[0] != images[1])
        try harness.scanWhenShown(tenants: ["north", "south"])
        try harness.addReady("8001", tenant: "north")
        try harness.addReady("8002", tenant: "south")
        #expect(harness.wait(for: ["8001"], in: .sent, tenant: "north"))
        #expect(harness.wait(for: ["8002"], in: .sent, tenant: "south"))
        let sessions = harness.standIn.messages.map(\.session)
        #expect(sessions.count == 2 && sessions[0] != sessions[1])
    }
}
