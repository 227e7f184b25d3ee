import Chromium
import Foundation
import Spool
import Testing
import TestSupport

/// Browsers come and go with the work: closed when idle or old, never right after a link, and not started
/// past the memory budget while an idle one can be closed instead.
@Suite struct BrowserLifecycleTests {
    private func browsers(_ harness: SenderHarness, _ tenant: String) -> Int {
        ProfileProcesses.all(harness.spool.path(TenantID(tenant)!, .chrome)).count
    }

    @Test func anIdleBrowserIsClosedAndTheNextOrderStartsAnother() throws {
        let harness = try SenderHarness(waspConf: ["sender.browser_idle = 2s", "sender.link_grace = 0"])
        try harness.link("shop")
        try harness.addReady("9101")
        #expect(harness.wait(for: ["9101"], in: .sent))
        #expect(eventually(timeout: 10) { harness.log.contains { $0.contains("closing the browser") && $0.contains("reason=idle") } })
        #expect(eventually(timeout: 10) { browsers(harness, "shop") == 0 }, "its processes are gone")
        try harness.addReady("9102")
        #expect(harness.wait(for: ["9102"], in: .sent), "the profile kept the link: no code to scan")
        #expect(harness.log.filter { $0.contains("browser started") }.count >= 2)
    }

    @Test func anOldBrowserIsRecycledOnceIdle() throws {
        let harness = try SenderHarness(waspConf: ["sender.browser_max_age = 3s", "sender.link_grace = 0"])
        try harness.link("shop")
        #expect(eventually(timeout: 15) { harness.log.contains { $0.contains("closing the browser") && $0.contains("reason=recycled") } })
        try harness.addReady("9201")
        #expect(harness.wait(for: ["9201"], in: .sent))
    }

    /// A second tenant waits for the one place until the first one's link grace is over.
    @Test func aFreshlyLinkedBrowserKeepsItsPlaceThroughTheGrace() throws {
        let harness = try SenderHarness(tenants: ["first", "second"],
                                        waspConf: ["sender.max_browsers = 1", "sender.link_grace = 6s"])
        try harness.link("first")
        let linked = Date()
        try harness.spool.requestLink(TenantID("second")!)
        #expect(eventually(timeout: 10) { harness.log.contains { $0.contains("waiting for a browser place") } })
        try harness.scanWhenShown(tenants: ["second"])
        #expect(Date().timeIntervalSince(linked) >= 6, "second got the place only after first's grace")
        #expect(harness.log.contains { $0.contains("closing the least recently used browser") && $0.contains("tenant=first") })
    }

    /// With room for one browser in the budget, a second tenant's order closes the first tenant's idle browser.
    @Test func theMemoryBudgetClosesAnIdleBrowserBeforeStartingAnother() throws {
        let harness = try SenderHarness(tenants: ["first", "second"],
                                        waspConf: ["sender.memory_budget = 300M", "sender.link_grace = 0"])
        try harness.link("first")
        try harness.link("second")
        #expect(harness.log.contains { $0.contains("for the memory budget") })
        try harness.addReady("9301", tenant: "first")
        #expect(harness.wait(for: ["9301"], in: .sent, tenant: "first"))
        #expect(browsers(harness, "second") == 0, "one browser at a time fits the budget")
        let status = try Wasp.run(["status", "--browsers", "--root", harness.root.path]).output
        #expect(status.contains("first    running") && status.contains("browsers: 1 running"), "\(status)")
    }
}
