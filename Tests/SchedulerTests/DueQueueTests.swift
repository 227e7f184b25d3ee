import Foundation
@testable import Scheduler
import Spool
import Testing

@Suite struct DueQueueTests {
    private func file(_ name: String) -> WaitingFile {
        WaitingFile(tenant: TenantID("shop")!, directory: .incoming, name: name)
    }

    @Test func popsInDueOrderAndOnlyWhatIsDue() {
        var queue = DueQueue()
        let now = Date()
        for (index, offset) in [30.0, -10, 5, -20, 0].enumerated() {
            queue.schedule(file("\(index).json"), at: now.addingTimeInterval(offset))
        }
        var popped: [String] = []
        while let next = queue.popDue(now: now) { popped.append(next.name) }
        #expect(popped == ["3.json", "1.json", "4.json"])
        #expect(queue.nextDue == now.addingTimeInterval(5))
    }

    @Test func reschedulingReplacesTheOldTimeAndForgettingDropsIt() {
        var queue = DueQueue()
        let now = Date()
        queue.schedule(file("a.json"), at: now.addingTimeInterval(-5))
        queue.schedule(file("a.json"), at: now.addingTimeInterval(60))
        queue.schedule(file("b.json"), at: now.addingTimeInterval(-1))
        queue.forget(file("b.json"))
        #expect(queue.popDue(now: now) == nil)
        #expect(queue.nextDue == now.addingTimeInterval(60))
        #expect(queue.count == 1)
    }
}

@Suite struct QuietHoursTests {
    private func date(_ text: String) -> Date { Timestamp.date(text)! }

    @Test func aWindowPastMidnightEndsTheNextMorningInTheTenantsZone() throws {
        let quiet = try QuietHours.parse("21:00-08:00").get()
        let sydney = TimeZone(identifier: "Australia/Sydney")!
        // 2026-06-01 12:30Z is 22:30 in Sydney (UTC+10, no DST in June): inside, ends 08:00 local = 22:00Z.
        #expect(quiet.end(ifInside: date("2026-06-01T12:30:00Z"), timeZone: sydney) == date("2026-06-01T22:00:00Z"))
        // 03:00 local, still inside, same end.
        #expect(quiet.end(ifInside: date("2026-06-01T17:00:00Z"), timeZone: sydney) == date("2026-06-01T22:00:00Z"))
        // 12:00 local: outside.
        #expect(quiet.end(ifInside: date("2026-06-01T02:00:00Z"), timeZone: sydney) == nil)
    }

    @Test func aDaytimeWindowIsHalfOpen() throws {
        let quiet = try QuietHours.parse("12:00-13:30").get()
        let utc = TimeZone(identifier: "UTC")!
        #expect(quiet.end(ifInside: date("2026-06-01T12:00:00Z"), timeZone: utc) == date("2026-06-01T13:30:00Z"))
        #expect(quiet.end(ifInside: date("2026-06-01T13:30:00Z"), timeZone: utc) == nil)
        #expect(quiet.end(ifInside: date("2026-06-01T11:59:59Z"), timeZone: utc) == nil)
    }
}
