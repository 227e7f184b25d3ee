import Bench
import Foundation
import PowerFSControl
import Testing
import TestSupport

/// The short power-loss soak of `make test`: the spool on the power-loss file system, three Cloud API tenants, and
/// ten power cuts while orders flow, each followed by SIGKILL to all of wasp and a restart on what was fsynced.
/// Its longer run is `wasp bench powerloss` (figures in README.md).
@Suite struct PowerLossTests {
    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func throughPowerCutsNoAcceptedOrderIsLostSentTwiceOrStuck() throws {
        var soak = SoakBench.Settings(executable: Paths.wasp, etc: Paths.package + "/etc", directory: NSTemporaryDirectory())
        (soak.webTenants, soak.cloudTenants, soak.orders, soak.rate, soak.delay, soak.drain) = (0, 3, 1, 2, 4, 90)
        var settings = PowerLossBench.Settings(soak: soak, powerFS: PowerFS.executable)
        (settings.cuts, settings.cutEvery) = (10, 3)
        let result = try PowerLossBench(settings).run { print($0) }
        result.report.forEach { print($0) }
        let tally = result.tally
        #expect(tally.lost == 0, "\(tally.line)")
        #expect(tally.sentTwice == 0, "\(tally.line)")
        #expect(tally.cancelledBeforeDueYetSent == 0, "\(tally.line)")
        #expect(tally.stuck == 0, "\(tally.line)")
        #expect(tally.inTwoStates == 0, "\(tally.line)")
        #expect(result.losses.isEmpty, "the detector saw orders with no durable name: \(result.report.first ?? "")")
        #expect(result.cuts >= 10, "the power was cut too rarely to prove anything")
        #expect(result.acceptedAfterFirstCut > 0, "the site never took an order after a cut")
    }
}
