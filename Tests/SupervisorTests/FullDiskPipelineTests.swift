import Bench
import Foundation
import Testing
import TestSupport

/// The whole of wasp under `wasp up` on a 128 MiB tmpfs that fills up while orders flow: the intake refuses with
/// 503 and Retry-After, the dashboard answers, each daemon logs the condition once, and after room returns every
/// order goes on with nothing lost, corrupt or sent twice.
@Suite struct FullDiskPipelineTests {
    @Test(.enabled(if: SmallFileSystem.canMount, "needs root to mount a small file system"))
    func aSpoolThatFillsUpLosesNothingAndGoesOnWhenRoomReturns() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        let scratch = try TemporaryRoot()
        let disk = try SmallFileSystem(size: "128m", at: scratch.path + "/small")
        var settings = SoakBench.Settings(executable: Paths.wasp, etc: Paths.package + "/etc", directory: disk.path)
        (settings.webTenants, settings.cloudTenants, settings.orders, settings.rate, settings.delay) = (2, 1, 90, 4, 5)
        settings.drain = 120
        let result = try FullDiskBench(settings).run { print($0) }
        result.report.forEach { print($0) }
        #expect(result.tally.isClean, "\(result.tally.line)")
        #expect(result.tally.accepted == 90, "the refused webhooks were taken when Shopify tried again")
        #expect(result.refusedWhileFull > 0 && result.refusedWithoutRetryAfter == 0)
        #expect(result.dashboardAnsweredWhileFull)
        #expect(result.diskLines.values.allSatisfy { $0 <= 6 }, "a line per change and tenant, not per try: \(result.diskLines)")
        withExtendedLifetime(disk) {}
    }
}
