import Crypto
import Foundation
import HTTP
import JSON
import Spool
import Testing
import TestSupport

/// The live stream: inotify on the spool becomes Server-Sent Events for the order's tenant only.
@Suite final class LiveEventTests {
    let harness: DashboardHarness

    init() throws {
        harness = try DashboardHarness()
    }

    private func stream(_ tenant: String) throws -> HTTPClient {
        try harness.stream(cookie: try harness.cookie(tenant))
    }

    private func nextOrder(_ stream: HTTPClient) throws -> JSONValue? {
        try harness.nextOrder(stream)
    }

    @Test func aNewOrderAStatusChangeAndARemovalArriveAsEvents() throws {
        let events = try stream("alpha")
        Thread.sleep(forTimeInterval: 0.2)
        try harness.put("6000000000000001", tenant: harness.alpha, customer: "Live <Larry>")
        let arrived = try #require(try nextOrder(events))
        #expect(arrived["id"].string == "6000000000000001")
        #expect(arrived["status"].string == "pending")
        #expect(arrived["row"].string?.contains("Live &lt;Larry&gt;") == true)
        try harness.move("6000000000000001", tenant: harness.alpha, from: .incoming, to: .sent)
        let confirmed = try #require(try nextOrder(events))
        #expect(confirmed["status"].string == "confirmed")
        #expect(confirmed["row"].string?.contains("badge confirmed") == true)
        try harness.spool.remove("6000000000000001.json", tenant: harness.alpha, from: .sent)
        let removed = try #require(try nextOrder(events))
        #expect(removed["id"].string == "6000000000000001")
        #expect(removed["row"] == .null)
    }

    @Test func anotherTenantsChangesNeverReachTheStream() throws {
        let events = try stream("alpha")
        Thread.sleep(forTimeInterval: 0.2)
        try harness.put("6000000000000002", tenant: harness.beta, customer: "Beta Only")
        try harness.put("6000000000000003", tenant: harness.alpha)
        let first = try #require(try nextOrder(events))
        #expect(first["id"].string == "6000000000000003", "beta's order came first: \(first)")
    }

    @Test func theLinkStateAndQRCodeChangesArriveAsEvents() throws {
        let events = try stream("alpha")
        Thread.sleep(forTimeInterval: 0.2)
        try harness.spool.setLinkState(.qr, tenant: harness.alpha)
        let event = try #require(try events.nextEvent(timeout: 5))
        #expect(event.name == "whatsapp")
        #expect(event.data.contains("\"qr\""))
    }

    @Test func aStreamEndsWhenTheDashboardStopsAndANewOneOpensAfterARestart() throws {
        let events = try stream("alpha")
        try harness.restart()
        #expect(throws: HTTPError.self) { _ = try events.nextEvent(timeout: 5) }
        let again = try stream("alpha")
        Thread.sleep(forTimeInterval: 0.2)
        try harness.put("6000000000000004", tenant: harness.alpha)
        #expect(try nextOrder(again)?["id"].string == "6000000000000004")
    }

    @Test func aTenantRestoredWhileRunningIsIndexedWithItsDaysCounted() throws {
        try harness.root.addTenant("gamma", lines: ["email = gamma@example.com", "shopify.secret = s",
                                                    "password = \(PasswordHash.make(password: "gamma-password-3", logN: 8).encoded)"])
        let gamma = TenantID("gamma")!
        let restored = Spool(root: harness.root.path + "/restore")
        try restored.prepare(gamma)
        var order = OrderRecord.sample(tenant: gamma, id: "6000000000000005", received: Date().addingTimeInterval(-86400))
        order.customer.name = "Restored Rita"
        try restored.saveOrder(order, tenant: gamma, in: .sent, modified: Date())
        try FileManager.default.moveItem(atPath: restored.path(gamma), toPath: harness.spool.path(gamma))
        let token = try #require(JSONValue.parse(try harness.apiLogin("gamma", password: "gamma-password-3").body)?["access_token"].string)
        let counted = eventually(timeout: 5) {
            let stats = JSONValue.parse((try? self.harness.get("/api/v1/admin/stats", token: token).body) ?? Data())
            return stats?["confirmed"] == 1 && stats?["uncounted"] == 0
                && stats?["days"].array.contains { $0["confirmed"] == 1 } == true
        }
        #expect(counted, "the order's received day was never read")
    }
}
