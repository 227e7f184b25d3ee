import Bench
import Foundation
import Testing
import TestSupport

/// The short soak of `make test`: the whole of wasp under `wasp up` with SIGKILL to a random daemon or browser
/// every two seconds or so, the stand-ins' own record of messages as the judge. Its longer runs are
/// `wasp bench soak` (figures in README.md).
@Suite struct SoakTests {
    @Test func underKillsNoOrderIsLostDoubledOrStuck() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        var settings = SoakBench.Settings(executable: Paths.wasp, etc: Paths.package + "/etc",
                                          directory: NSTemporaryDirectory())
        (settings.webTenants, settings.cloudTenants) = (2, 1)
        (settings.orders, settings.rate, settings.delay, settings.killEvery) = (100, 4, 5, 2)
        settings.drain = 150
        let tally = try SoakBench(settings).run { print($0) }
        tally.report.forEach { print($0) }
        #expect(tally.isClean, "\(tally.line)")
        #expect(tally.accepted == 100)
        #expect(tally.daemonKills + tally.browserKills >= 5, "the chaos loop killed too little to prove anything")
        #expect(tally.sentOnce >= 80, "most orders are neither cancelled early nor delivered: \(tally.line)")
    }
}
