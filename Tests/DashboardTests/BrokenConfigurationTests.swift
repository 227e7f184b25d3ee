import Foundation
import Spool
import Testing
import TestSupport

/// An operator's typo in a merchant's file: the merchant still signs in and is told, never "Wrong email or password".
@Suite struct BrokenConfigurationTests {
    let harness: DashboardHarness

    init() throws {
        harness = try DashboardHarness()
    }

    private func breakFile(_ tenant: String) throws {
        let file = harness.root.path + "/etc/tenants/\(tenant).conf"
        try (try String(contentsOfFile: file, encoding: .utf8) + "\ndealy = 5m\nnot a setting\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test func aFileThatTurnsBadKeepsTheLastGoodSettingsAndShowsABanner() throws {
        _ = try harness.cookie("alpha")
        try breakFile("alpha")
        let cookie = try harness.cookie("alpha")
        let page = try harness.get("/orders", cookie: cookie)
        #expect(page.status == 200)
        #expect(page.text.contains("class=\"notice\"") && page.text.contains("the operator has been told"), "\(page.text)")
        #expect(page.text.contains("last good settings stay in force"))
        #expect(page.text.contains("<table"), "the orders are still listed")
        let beta = try harness.get("/orders", cookie: try harness.cookie("beta"))
        #expect(!beta.text.contains("class=\"notice\""), "another tenant sees no banner")
    }

    @Test func aFileThatWasBrokenWhenTheDashboardStartedStillLetsTheMerchantSignInAndSaysWhy() throws {
        try breakFile("alpha")
        try harness.restart()
        let wrong = try harness.formLogin(email: "alpha@example.com", password: "not-the-password")
        #expect(wrong.status == 401 && wrong.text.contains("Wrong email or password."))
        let cookie = try harness.cookie("alpha")
        let page = try harness.get("/orders", cookie: cookie)
        #expect(page.status == 200)
        #expect(page.text.contains("the operator has been told") && page.text.contains("(line 6: expected &#39;key = value&#39;"), "\(page.text)")
        #expect(page.text.contains("new orders are kept safe"))
        #expect(try harness.get("/api/v1/admin/stats", token: try harness.token("alpha")).status == 503)
    }
}

/// WhatsApp dropped while orders wait: every tab says so, with the reason and the way back.
@Suite struct LinkNoticeTests {
    @Test func ordersWaitingForAnUnlinkedWhatsAppShowABannerOnEveryTab() throws {
        let harness = try DashboardHarness()
        let cookie = try harness.cookie("alpha")
        #expect(!(try harness.get("/orders", cookie: cookie)).text.contains("class=\"notice\""), "nothing waits yet")
        try harness.put("7001", tenant: harness.alpha, in: .deferred)
        try harness.put("7002", tenant: harness.alpha, in: .ready)
        try harness.spool.setLinkState(.loggedOut, reason: "WhatsApp ended this server's session", tenant: harness.alpha)
        for tab in ["/orders", "/settings", "/analytics"] {
            let page = try harness.get(tab, cookie: cookie).text
            #expect(page.contains("2 orders are waiting to be sent, but WhatsApp is not linked. "
                                  + "Logged out by the phone; link again: WhatsApp ended this server&#39;s session."), "\(tab): \(page)")
            #expect(page.contains("<a href=\"/settings#whatsapp\">Link WhatsApp again</a>"), "\(tab)")
        }
        try harness.spool.setLinkState(.linked, tenant: harness.alpha)
        #expect(!(try harness.get("/orders", cookie: cookie)).text.contains("class=\"notice\""))
    }

    /// A browser the server cannot drive is not the merchant's to fix: the banner says so in their words, and the
    /// detail for the operator stays in Settings' WhatsApp section.
    @Test func aServerProblemIsToldInMerchantWordsWithTheDetailUnderSettings() throws {
        let harness = try DashboardHarness()
        let cookie = try harness.cookie("alpha")
        try harness.put("7003", tenant: harness.alpha, in: .ready)
        let detail = "WhatsApp Web could not be reached from the server (net::ERR_NAME_NOT_RESOLVED)"
        try harness.spool.setLinkState(.error, reason: detail, tenant: harness.alpha)
        let orders = try harness.get("/orders", cookie: cookie).text
        #expect(orders.contains("1 order is waiting to be sent: the server cannot reach WhatsApp right now. This is for the "
                                + "server's operator to fix, not you"), "\(orders)")
        #expect(!orders.contains("net::") && !orders.contains("Link WhatsApp again"), "\(orders)")
        #expect(try harness.get("/settings", cookie: cookie).text.contains(detail))
    }
}

/// Orders Shopify's webhooks did not bring, or none for long: the merchant reads it in a banner on every tab.
@Suite struct FeedNoticeTests {
    @Test func theIntakesFeedAlertShowsAsABannerUntilItClears() throws {
        let harness = try DashboardHarness()
        let cookie = try harness.cookie("alpha")
        try harness.spool.prepare(harness.alpha)
        try harness.spool.setFeedCondition(FeedCondition(missed: ["7101", "7102"]), tenant: harness.alpha)
        for tab in ["/orders", "/settings", "/analytics"] {
            let page = try harness.get(tab, cookie: cookie).text
            #expect(page.contains("Shopify's notifications did not bring 2 of your orders; wasp fetched them from Shopify itself"),
                    "\(tab): \(page)")
        }
        #expect(!(try harness.get("/orders", cookie: try harness.cookie("beta"))).text.contains("class=\"notice\""), "alpha's alone")
        try harness.spool.setFeedCondition(FeedCondition(quietSince: Date(timeIntervalSince1970: 1_796_000_000), quietAlert: 21600),
                                           tenant: harness.alpha)
        #expect(try harness.get("/orders", cookie: cookie).text.contains("wasp has heard nothing from Shopify since 2026-"))
        try harness.spool.setFeedCondition(FeedCondition(), tenant: harness.alpha)
        #expect(!(try harness.get("/orders", cookie: cookie)).text.contains("class=\"notice\""))
    }
}
