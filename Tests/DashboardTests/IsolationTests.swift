import Foundation
import HTTP
import JSON
import Spool
import Testing
import TestSupport

/// A tenant sees only its own orders, QR and settings, whatever the URL says; what customers wrote is text.
@Suite final class IsolationTests {
    let harness: DashboardHarness
    let alphaOrder = "5000000000000001"
    let betaOrder = "5000000000000002"

    init() throws {
        harness = try DashboardHarness()
        try harness.put(alphaOrder, tenant: harness.alpha, customer: "Alice Alpha")
        try harness.put(betaOrder, tenant: harness.beta, in: .sent, customer: "Bob Beta")
        try harness.spool.replace(Spool.qrFile, tenant: harness.beta, in: .whatsapp, with: Data([0x89, 0x50, 0x4E, 0x47]),
                                  modified: Date())
        try harness.spool.setLinkState(.qr, tenant: harness.beta)
        try harness.waitUntilListed(alphaOrder, tenant: harness.alpha)
        try harness.waitUntilListed(betaOrder, tenant: harness.beta, status: "confirmed")
    }

    @Test func anotherTenantsOrderIsNotFoundWhateverTheURLSays() throws {
        let token = try harness.token("alpha")
        let cookie = try harness.cookie("alpha")
        let tricks = [
            betaOrder, betaOrder + ".json", "../beta/sent/" + betaOrder, "..%2F..%2Fbeta%2Fsent%2F" + betaOrder,
            "%2e%2e%2fbeta%2fsent%2f" + betaOrder, "..", "%2e%2e", "-1", alphaOrder + "%00", alphaOrder + "/..",
        ]
        for trick in tricks {
            #expect(try harness.get("/api/v1/admin/orders/" + trick, token: token).status == 404, "\(trick)")
            #expect(try harness.get("/orders/" + trick, cookie: cookie).status == 404, "\(trick)")
        }
        #expect(try harness.get("/api/v1/admin/orders/" + alphaOrder, token: token).status == 200)
        let list = try harness.get("/api/v1/admin/orders?tenant=beta&status=", token: token)
        let ids = JSONValue.parse(list.body)?["orders"].array.compactMap { $0["order_id"].string }
        #expect(ids == [alphaOrder])
        #expect(try !harness.get("/orders?tenant=beta", cookie: cookie).text.contains("Bob Beta"))
        #expect(try harness.get("/webhooks/beta/orders", cookie: cookie).status == 404)
    }

    @Test func anotherTenantsQRStatsAndSettingsStayHidden() throws {
        let alpha = try harness.token("alpha")
        #expect(try harness.get("/whatsapp/qr.png", cookie: try harness.cookie("alpha")).status == 404)
        #expect(try harness.get("/whatsapp/qr.png", cookie: try harness.cookie("beta")).status == 200)
        let whatsApp = JSONValue.parse(try harness.get("/api/v1/admin/whatsapp", token: alpha).body)
        #expect(whatsApp?["state"].string == "unlinked")
        #expect(whatsApp?["qr"] == .null)
        let stats = JSONValue.parse(try harness.get("/api/v1/admin/stats", token: alpha).body)
        #expect(stats?["total"] == 1)
        #expect(stats?["confirmed"] == 0)
        let settings = try harness.get("/api/v1/admin/settings", token: alpha).text
        #expect(settings.contains("alpha@example.com"))
        #expect(!settings.contains("beta"))
        #expect(!settings.contains("secret-alpha"), "the Shopify secret is never shown")
        #expect(!settings.contains("scrypt"), "nor the password hash")
        #expect(try !harness.get("/settings", cookie: try harness.cookie("alpha")).text.contains("secret-alpha"))
    }

    @Test func customerTextWithMarkupQuotesAndEmojiIsShownAsText() throws {
        let name = "<script>alert(\"x\")</script> O'Brien \"Bob\" 😀"
        try harness.put("5000000000000003", tenant: harness.alpha, customer: name)
        try harness.waitUntilListed("5000000000000003", tenant: harness.alpha)
        let cookie = try harness.cookie("alpha")
        for page in ["/orders", "/orders/5000000000000003"] {
            let html = try harness.get(page, cookie: cookie).text
            #expect(!html.contains("<script>alert"), "\(page)")
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &quot;Bob&quot; 😀"), "\(page)")
            #expect(!html.contains("<b>"), "the sample's <b> in the message is escaped too")
        }
        let json = JSONValue.parse(try harness.get("/api/v1/admin/orders/5000000000000003", token: try harness.token("alpha")).body)
        #expect(json?["customer"]["name"].string == name)
        let headers = try harness.get("/orders", cookie: cookie).headers
        #expect(headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
    }

    @Test func aCrossSitePostIsRefused() throws {
        let cookie = try harness.cookie("alpha")
        for (name, value) in [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Origin", "null")] {
            let answer = try harness.client().send("POST", "/whatsapp/connect",
                                                   headers: [("Cookie", "wasp_session=" + cookie), (name, value)])
            #expect(answer.status == 403, "\(name): \(value)")
        }
        let login = try harness.client().send("POST", "/login", headers: [("Origin", "https://evil.example")],
                                              body: Data("email=alpha%40example.com&password=alpha-password-1".utf8))
        #expect(login.status == 403)
        #expect(!harness.spool.exists(Spool.linkRequestFile, tenant: harness.alpha, in: .whatsapp))
        let own = try harness.client().send("POST", "/whatsapp/connect",
                                            headers: [("Cookie", "wasp_session=" + cookie), ("Origin", "http://127.0.0.1"),
                                                      ("Sec-Fetch-Site", "same-origin")])
        #expect(own.status == 303)
        #expect(harness.spool.exists(Spool.linkRequestFile, tenant: harness.alpha, in: .whatsapp))
        #expect(!harness.spool.exists(Spool.linkRequestFile, tenant: harness.beta, in: .whatsapp))
    }

    @Test func aCorruptOrderFileIsAnErrorRowNotACrashedPage() throws {
        let path = harness.spool.path(harness.alpha, .ready, "5000000000000009.json")
        try Data("{\"order_id\": \"5000000000000009\", trunc".utf8).write(to: URL(fileURLWithPath: path))
        try harness.waitUntilListed("5000000000000009", tenant: harness.alpha)
        let cookie = try harness.cookie("alpha")
        let page = try harness.get("/orders", cookie: cookie)
        #expect(page.status == 200)
        #expect(page.text.contains("class=\"unreadable\""))
        #expect(page.text.contains("unreadable order file in ready/"))
        #expect(page.text.contains("Alice Alpha"), "the other rows are still there")
        #expect(try harness.get("/orders/5000000000000009", cookie: cookie).status == 200)
        let api = JSONValue.parse(try harness.get("/api/v1/admin/orders/5000000000000009", token: try harness.token("alpha")).body)
        #expect(api?["error"].string?.contains("not an order file") == true)
    }
}
