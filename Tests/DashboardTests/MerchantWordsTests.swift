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

/// Connect WhatsApp with a phone number instead of a QR code: the request carries the number, and the code the
/// sender writes shows large.
@Suite struct PhoneLinkFormTests {
    @Test func aNumberAsksForACodeABadOneIsRefusedAndTheCodeShowsLarge() throws {
        let harness = try DashboardHarness()
        let cookie = try harness.cookie("alpha")
        func connect(_ form: String) throws -> Int {
            try harness.client().send("POST", "/whatsapp/connect", headers: [
                ("Cookie", "wasp_session=" + cookie), ("Content-Type", "application/x-www-form-urlencoded"),
            ], body: Data(form.utf8)).status
        }
        #expect(try connect("phone=0151+1234") == 400)
        #expect(!harness.spool.exists(Spool.linkRequestFile, tenant: harness.alpha, in: .whatsapp))
        #expect(try connect("phone=%2B49+151+1234-5678") == 303)
        #expect(harness.spool.linkRequestPhone(harness.alpha) == "+4915112345678")
        #expect(try connect("") == 303)
        #expect(harness.spool.linkRequestPhone(harness.alpha) == nil, "the last request wins: a QR code")
        let settings = try harness.get("/settings", cookie: cookie).text
        #expect(settings.contains("name=\"phone\" type=\"tel\""))
        try harness.spool.replace(Spool.pairingCodeFile, tenant: harness.alpha, in: .whatsapp, with: Data("K7Q2-M9XD\n".utf8),
                                  modified: Date())
        try harness.spool.setLinkState(.qr, tenant: harness.alpha)
        let section = try harness.get("/whatsapp/section", cookie: cookie).text
        #expect(section.contains("<p class=\"pairing-code\">K7Q2-M9XD</p>"), "\(section)")
        #expect(section.contains("<strong class=\"link-state\">Waiting for you to enter the code K7Q2-M9XD on your phone</strong>"),
                "\(section)")
    }
}

/// A Cloud API tenant's Settings: the template and the callback URL for Meta, never the token or where it is.
@Suite struct CloudSettingsTabTests {
    @Test func theSettingsTabShowsTheCallbackURLAndNoSecret() throws {
        let harness = try DashboardHarness()
        let file = harness.root.path + "/etc/tenants/alpha.conf"
        try (try String(contentsOfFile: file, encoding: .utf8) + """

            provider = cloud
            cloud.phone_number_id = 106540352242922
            cloud.token_file = cloud/alpha.token
            cloud.template = order_confirmation
            cloud.language = en_US
            cloud.app_secret_file = cloud/alpha.secret
            cloud.verify_token = alpha-verify-token

            """).write(toFile: file, atomically: true, encoding: .utf8)
        let cookie = try harness.cookie("alpha")
        let page = try harness.get("/settings", cookie: cookie).text
        #expect(page.contains("https://wasp.example.com/whatsapp/alpha") && page.contains("order_confirmation (en_US)"), "\(page)")
        #expect(!page.contains("alpha.token") && !page.contains("alpha.secret") && !page.contains("alpha-verify-token"))
        #expect(!page.contains("Connect WhatsApp"), "nothing to link")
        let api = try harness.get("/api/v1/admin/settings", token: try harness.token("alpha")).text
        #expect(api.contains("\"provider\":\"cloud\"") && !api.contains("alpha.token"), "\(api)")
    }
}
