import Foundation
import HTTP
import JSON
import Spool
import Testing
import TestSupport

/// Login, sessions and tokens: who may read what.
@Suite final class AccessTests {
    let harness: DashboardHarness

    init() throws {
        harness = try DashboardHarness()
    }

    @Test func theFormLoginSetsAStrictHttpOnlyCookieAndOpensTheOrders() throws {
        let answer = try harness.formLogin(email: "ALPHA@example.com", password: DashboardHarness.passwords["alpha"]!)
        #expect(answer.status == 303)
        #expect(answer.headers["Location"] == "/orders")
        let cookie = try #require(answer.headers["Set-Cookie"])
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure", "Max-Age=43200"] {
            #expect(cookie.contains(attribute), "\(cookie) lacks \(attribute)")
        }
        let orders = try harness.get("/orders", cookie: try harness.cookie("alpha"))
        #expect(orders.status == 200)
        #expect(orders.text.contains("<span class=\"tenant\">alpha</span>"))
    }

    @Test func withoutASessionPagesRedirectToTheLoginAndTheAPIAnswers401() throws {
        let page = try harness.get("/orders")
        #expect(page.status == 303)
        #expect(page.headers["Location"] == "/login")
        #expect(try harness.get("/login").text.contains("name=\"password\""))
        let api = try harness.get("/api/v1/admin/orders")
        #expect(api.status == 401)
        #expect(api.headers["WWW-Authenticate"] == "Bearer")
    }

    @Test func aWrongPasswordIsRefusedWithTheSameWordsAsAnUnknownEmail() throws {
        let wrong = try harness.formLogin(email: "alpha@example.com", password: "nope")
        let unknown = try harness.formLogin(email: "nobody@example.com", password: "nope")
        #expect(wrong.status == 401)
        #expect(unknown.status == 401)
        #expect(wrong.text.contains("Wrong email or password."))
        #expect(unknown.text.contains("Wrong email or password."))
        #expect(try harness.apiLogin("alpha", password: "nope").status == 401)
    }

    @Test func theAPILoginGivesABearerTokenForTheOldSystemsRoutes() throws {
        let answer = try harness.apiLogin("alpha")
        #expect(answer.status == 200)
        let body = try #require(JSONValue.parse(answer.body))
        #expect(body["token_type"].string == "bearer")
        let token = try #require(body["access_token"].string)
        for route in ["orders", "stats", "settings", "whatsapp"] {
            #expect(try harness.get("/api/v1/admin/" + route, token: token).status == 200, "\(route)")
        }
    }

    @Test func aForgedTamperedOrExpiredTokenIsRefused() throws {
        let token = try harness.token("alpha")
        let parts = token.split(separator: ".").map(String.init)
        let forged = [
            "beta." + parts[1] + "." + parts[2],
            parts[0] + "." + String(Int(parts[1])! + 3600) + "." + parts[2],
            parts[0] + "." + parts[1] + "." + String(parts[2].reversed()),
            parts[0] + "." + parts[1],
            "alpha.9999999999." + String(repeating: "0", count: 64),
            "",
        ]
        for candidate in forged {
            #expect(try harness.get("/api/v1/admin/orders", token: candidate).status == 401, "\(candidate)")
            #expect(try harness.get("/orders", cookie: candidate).status == 303, "\(candidate)")
        }
        #expect(try harness.get("/api/v1/admin/orders", token: token).status == 200)
    }

    @Test func aSessionEndsWhenItsLifetimeIsOver() throws {
        let shortLived = try DashboardHarness(waspConf: ["dashboard.session_lifetime = 1s"])
        let token = try shortLived.token("alpha")
        #expect(try shortLived.get("/api/v1/admin/stats", token: token).status == 200)
        Thread.sleep(forTimeInterval: 2.1)
        #expect(try shortLived.get("/api/v1/admin/stats", token: token).status == 401)
    }

    @Test func changingThePasswordEndsEverySession() throws {
        let token = try harness.token("alpha")
        let changed = try Wasp.run(["tenant", "passwd", "alpha", "--root", harness.root.path], input: "a-new-password-9\n")
        #expect(changed.status == 0, "\(changed.errors)")
        #expect(try harness.get("/api/v1/admin/stats", token: token).status == 401)
    }

    @Test func logoutClearsTheCookie() throws {
        let cookie = try harness.cookie("alpha")
        let answer = try harness.client().send("POST", "/logout", headers: [("Cookie", "wasp_session=" + cookie)])
        #expect(answer.status == 303)
        #expect(answer.headers["Location"] == "/login")
        #expect(answer.headers["Set-Cookie"]?.hasPrefix("wasp_session=;") == true)
        #expect(answer.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
    }

    @Test func twentyWrongPasswordsAreRateLimitedWithAClearMessage() throws {
        var statuses: [Int] = []
        for _ in 0..<20 { statuses.append(try harness.formLogin(email: "alpha@example.com", password: "guess").status) }
        #expect(statuses.prefix(10).allSatisfy { $0 == 401 })
        #expect(statuses.suffix(10).allSatisfy { $0 == 429 })
        let right = try harness.formLogin(email: "alpha@example.com", password: DashboardHarness.passwords["alpha"]!)
        #expect(right.status == 429, "while throttled even the right password waits")
        #expect(right.text.contains("Too many failed logins. Try again in 15 minutes."))
        #expect(Int(right.headers["Retry-After"] ?? "") ?? 0 > 800)
        #expect(try harness.apiLogin("alpha").status == 429)
        #expect(try harness.apiLogin("beta").status == 429, "the same address is throttled for every account")
    }

    /// Behind a TLS proxy every login comes from the proxy's address: one guesser must not lock every merchant out.
    @Test func behindATrustedProxyTheThrottleCountsTheForwardedClient() throws {
        let proxied = try DashboardHarness(waspConf: ["dashboard.trusted_proxies = 127.0.0.1"])
        func login(_ tenant: String, password: String, from client: String) throws -> Int {
            let body = "{\"email\": \"\(tenant)@example.com\", \"password\": \"\(password)\"}"
            return try proxied.client().send("POST", "/api/v1/auth/login", headers: [
                ("Content-Type", "application/json"), ("X-Forwarded-For", "10.9.9.9, " + client),
            ], body: Data(body.utf8)).status
        }
        for _ in 0..<12 { _ = try login("alpha", password: "guess", from: "203.0.113.7") }
        #expect(try login("beta", password: "guess", from: "203.0.113.7") == 429, "the guesser is throttled")
        #expect(try login("beta", password: DashboardHarness.passwords["beta"]!, from: "198.51.100.2") == 200,
                "another client through the same proxy is not; the forged first entry counts for nothing")
        #expect(try harness.apiLogin("beta").status == 200)
        for _ in 0..<12 { _ = try harness.client().send("POST", "/api/v1/auth/login", headers: [("X-Forwarded-For", "198.51.100.3")],
                                                        body: Data("{\"email\": \"alpha@example.com\", \"password\": \"x\"}".utf8)) }
        #expect(try harness.apiLogin("beta").status == 429, "without trusted_proxies the header is ignored")
    }

    /// A tenant the shard map places on another shard sees nothing here: its login and its token get 421,
    /// also a token from before the map moved it.
    @Test func aTenantOfAnotherShardGets421ForItsLoginAndItsToken() throws {
        let sharded = try DashboardHarness(waspConf: ["shard.name = a"])
        func place(_ lines: String) throws {
            try lines.write(toFile: sharded.root.path + "/etc/tenant-shards", atomically: true, encoding: .utf8)
        }
        try "a 127.0.0.2\nb 127.0.0.3\n".write(toFile: sharded.root.path + "/etc/shards", atomically: true, encoding: .utf8)
        try place("alpha a\n")
        let token = try sharded.token("alpha")
        #expect(try sharded.get("/api/v1/admin/stats", token: token).status == 200)
        try place("alpha b\nbeta a\n")
        #expect(try sharded.get("/api/v1/admin/stats", token: token).status == 421, "the map changed: it moved")
        let login = try sharded.apiLogin("alpha")
        #expect(login.status == 421)
        #expect(login.text.contains("another wasp server (b)"))
        #expect(try sharded.formLogin(email: "alpha@example.com", password: DashboardHarness.passwords["alpha"]!).status == 421)
        #expect(try sharded.apiLogin("beta").status == 200)
    }

    @Test func theSigningKeyIsMadeOnceWithMode0600AndSessionsSurviveARestart() throws {
        let path = harness.root.path + "/etc/dashboard.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let key = try String(contentsOfFile: path, encoding: .utf8)
        let token = try harness.token("alpha")
        try harness.restart()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == key)
        #expect(try harness.get("/api/v1/admin/stats", token: token).status == 200)
    }
}
