import Foundation
import Spool
import Testing
import TestSupport

/// `alert.command`: ops learn from us, not from customers, that a tenant's WhatsApp dropped.
@Suite struct AlertTests {
    @Test func theAlertCommandRunsOncePerStateChangeWithTheTenantStateReasonAndWaitingOrders() throws {
        let alerts = FileManager.default.temporaryDirectory.appendingPathComponent("wasp-alerts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: alerts) }
        let harness = try SenderHarness(waspConf: [
            #"alert.command = echo "$WASP_TENANT|$WASP_STATE|$WASP_WAITING|$WASP_REASON" >> \#(alerts)"#,
        ])
        try harness.link("shop")
        harness.standIn.logOut(harness.standIn.sessions.first!)
        try harness.addReady("3301")
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .loggedOut })
        var lines: [String] = []
        #expect(eventually(timeout: 5) {
            lines = ((try? String(contentsOfFile: alerts, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            return lines.count == 3
        }, "\(lines)")
        #expect(lines.map { $0.split(separator: "|").prefix(2).joined(separator: "|") } == ["shop|qr", "shop|linked", "shop|logged-out"])
        #expect(lines.last == "shop|logged-out|1|WhatsApp ended this server's session (the phone removed it, or was not used for 14 days)",
                "\(lines)")
        Thread.sleep(forTimeInterval: 1)
        #expect(((try? String(contentsOfFile: alerts, encoding: .utf8)) ?? "").split(separator: "\n").count == 3, "once per change")
    }
}
