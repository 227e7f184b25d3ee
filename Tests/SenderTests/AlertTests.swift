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
        func lines() -> [String] {
            ((try? String(contentsOfFile: alerts, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        #expect(eventually(timeout: 5) { lines().count >= 3 }, "\(lines())")
        Thread.sleep(forTimeInterval: 1)
        let seen = lines()
        #expect(seen.prefix(3).map { $0.split(separator: "|").prefix(2).joined(separator: "|") } == ["shop|qr", "shop|linked", "shop|logged-out"],
                "\(seen)")
        #expect(seen.count > 2 && seen[2] == "shop|logged-out|1|WhatsApp ended this server's session (the phone removed it, or was not used for 14 days)",
                "\(seen)")
        let states = seen.map { $0.split(separator: "|")[1] }
        #expect(zip(states, states.dropFirst()).allSatisfy { $0 != $1 }, "once per change, never twice for one state: \(seen)")
    }
}
