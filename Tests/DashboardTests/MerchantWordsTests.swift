import Foundation
import Spool
import Testing
import TestSupport

/// What a merchant reads is words, not the spool's internals.
@Suite struct MerchantWordsTests {
    @Test func aFailedOrderSaysWhyInWordsAndItsMessageIsNotDrawnAsSent() throws {
        let harness = try DashboardHarness()
        var order = OrderRecord.sample(tenant: harness.alpha, id: "7200000000000001")
        order.attempts = [OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: "no_phone", detail: nil)]
        order.failure = "no phone number in the order"
        try harness.spool.saveOrder(order, tenant: harness.alpha, in: .failed, modified: Date())
        let page = try harness.get("/orders/7200000000000001", cookie: try harness.cookie("alpha")).text
        #expect(page.contains("No phone number in the order"), "\(page)")
        #expect(!page.contains("no_phone") && !page.contains("(failed/)"))
        #expect(page.contains("the message could not be sent"))
        #expect(page.contains("<h2>Message (not sent)</h2><blockquote class=\"message unsent\">"))
    }

    @Test func theHeaderShowsTheShopsNameWhenTheTenantFileGivesOne() throws {
        let harness = try DashboardHarness()
        let file = harness.root.path + "/etc/tenants/alpha.conf"
        try (try String(contentsOfFile: file, encoding: .utf8) + "\nname = Alpha & Sons\n").write(toFile: file, atomically: true, encoding: .utf8)
        let page = try harness.get("/orders", cookie: try harness.cookie("alpha")).text
        #expect(page.contains("<span class=\"tenant\">Alpha &amp; Sons</span>"), "\(page)")
    }
}
