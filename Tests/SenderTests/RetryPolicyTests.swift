import Foundation
@testable import Sender
import Spool
import Testing
import TestSupport

@Suite struct RetryPolicyTests {
    private func record(_ outcomes: [String]) -> OrderRecord {
        var record = OrderRecord.sample(tenant: TenantID("shop")!, id: "1")
        record.attempts = outcomes.map { OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: $0, detail: nil) }
        return record
    }

    @Test func onlyFailuresSinceTheLastRequeueCount() {
        #expect(RetryPolicy.failures(record([])) == 0)
        #expect(RetryPolicy.failures(record(["error", "not_linked", "error", "daily_cap"])) == 2)
        #expect(RetryPolicy.failures(record(["error", "error", "error", "requeued", "error"])) == 1)
    }

    @Test func theDelayDoublesWithJitterUpToTheMaximum() {
        let policy = RetryPolicy(maxAttempts: 5, base: 60, maximum: 3600)
        for _ in 0..<100 {
            #expect((48...72).contains(policy.delay(afterFailures: 1)))
            #expect((96...144).contains(policy.delay(afterFailures: 2)))
            #expect((2880...4320).contains(policy.delay(afterFailures: 30)))
        }
    }

    @Test func theNextDayStartsAtMidnightInTheTenantsTimezone() {
        let sydney = TimeZone(identifier: "Australia/Sydney")!
        let lateEvening = Timestamp.date("2026-11-23T12:30:00Z")!
        #expect(DailyCount.day(lateEvening, in: sydney) == "2026-11-23")
        #expect(DailyCount.nextDay(after: lateEvening, in: sydney) == Timestamp.date("2026-11-23T13:00:00Z"))
    }

    /// `sent-today` may have been edited or restored; a count at Int.max once trapped on the next message.
    @Test func aDailyCountAtItsLargestStaysThereInsteadOfOverflowing() throws {
        let root = try TemporaryRoot()
        let spool = Spool(root: root.spool)
        let tenant = TenantID("shop")!
        try spool.prepare(tenant)
        let now = Date()
        let utc = TimeZone(identifier: "UTC")!
        try spool.replace(DailyCount.file, tenant: tenant, in: .whatsapp,
                          with: Data("\(DailyCount.day(now, in: utc)) \(Int.max)\n".utf8), modified: now)
        try DailyCount.record(spool, tenant, on: now, in: utc)
        #expect(DailyCount.sent(spool, tenant, on: now, in: utc) == Int.max)
    }
}
