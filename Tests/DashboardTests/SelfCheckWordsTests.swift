import Foundation
import Spool
import Testing
import TestSupport

/// The sender's self-check of WhatsApp Web as the merchant reads it: the banner over every tab while it holds the
/// orders, and the last check in Settings.
@Suite struct SelfCheckWordsTests {
    @Test func aFailedCheckShowsOnTheBannerAndInSettingsAndAPassedOneInSettings() throws {
        let harness = try DashboardHarness()
        let cookie = try harness.cookie("alpha")
        let failed = SelfCheckResult(at: Date(), screen: "chat", build: "2.3000.1045818043", missing: ["outgoing_message"],
                                     found: ["compose_box = footer div[contenteditable=\"true\"][data-tab=\"10\"]"])
        try harness.spool.saveSelfCheck(failed, tenant: harness.alpha)
        try harness.spool.setLinkState(.error, reason: failed.sentence, tenant: harness.alpha)
        try harness.spool.saveOrder(OrderRecord.sample(tenant: harness.alpha, id: "7300000000000001"), tenant: harness.alpha,
                                    in: .ready, modified: Date())
        let orders = try harness.get("/orders", cookie: cookie).text
        #expect(orders.contains("1 order is waiting to be sent: WhatsApp Web has changed and the server cannot find its "
                                + "outgoing_message on the page"), "\(orders)")
        #expect(!orders.contains("WhatsApp is not linked"))
        let settings = try harness.get("/settings", cookie: cookie).text
        #expect(settings.contains("<strong class=\"link-state\">Sending paused</strong>"), "\(settings)")
        #expect(settings.contains("it has changed, and your messages wait until the operator has adapted the server"))

        let passed = SelfCheckResult(at: Date(), screen: "chat list", build: nil, missing: [], found: ["chat_list = #pane-side"])
        try harness.spool.saveSelfCheck(passed, tenant: harness.alpha)
        try harness.spool.setLinkState(.linked, tenant: harness.alpha)
        let section = try harness.get("/whatsapp/section", cookie: cookie).text
        #expect(section.contains(": everything the server needs is in place</p>"), "\(section)")
    }
}
