import Foundation
import HTTP
import Testing

/// Behind the README's nginx, which passes the upstream's `Host`, a browser's `Origin` is `public_url`'s origin
/// (or the host a trusted proxy forwards): logins, logouts and Connect work; other origins stay refused.
@Suite final class ProxyLoginTests {
    /// What nginx with the README's block sends for a browser's form post to https://wasp.example.com.
    private static let throughNginx = [("Origin", "https://wasp.example.com"), ("Sec-Fetch-Site", "same-origin"),
                                       ("X-Forwarded-For", "203.0.113.5"), ("X-Forwarded-Proto", "https")]
    private static let form = Data("email=alpha%40example.com&password=alpha-password-1".utf8)

    @Test func aBrowserBehindTheProxyCanLogInConnectAndLogOut() throws {
        let harness = try DashboardHarness(waspConf: ["dashboard.trusted_proxies = 127.0.0.1"])
        let login = try harness.client().send("POST", "/login", headers: Self.throughNginx, body: Self.form)
        #expect(login.status == 303, "the login through the proxy answered \(login.status)")
        let cookie = try harness.cookie("alpha")
        let connect = try harness.client().send("POST", "/whatsapp/connect",
                                                headers: Self.throughNginx + [("Cookie", "wasp_session=" + cookie)])
        #expect(connect.status == 303)
        let logout = try harness.client().send("POST", "/logout", headers: Self.throughNginx + [("Cookie", "wasp_session=" + cookie)])
        #expect(logout.status == 303)
    }

    @Test func aForwardedHostCountsOnlyFromATrustedProxy() throws {
        let forwarded = [("Origin", "https://shop.example.net"), ("X-Forwarded-Host", "shop.example.net")]
        let trusting = try DashboardHarness(waspConf: ["dashboard.trusted_proxies = 127.0.0.1"])
        #expect(try trusting.client().send("POST", "/login", headers: forwarded, body: Self.form).status == 303)
        #expect(try trusting.client().send("POST", "/login", headers: [("Origin", "https://evil.example")], body: Self.form).status == 403)
        let direct = try DashboardHarness()
        #expect(try direct.client().send("POST", "/login", headers: forwarded, body: Self.form).status == 403)
    }
}
