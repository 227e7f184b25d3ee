import Foundation
import HTTP
import Spool
import Testing
import TestSupport

/// A session ends on the server: a logout or a new password refuses the old token everywhere, open streams too.
@Suite final class SessionEndTests {
    let harness: DashboardHarness

    init() throws {
        harness = try DashboardHarness()
    }

    @Test func anOpenStreamEndsAfterThePasswordChanges() throws {
        let stream = try harness.stream(cookie: try harness.cookie("alpha"))
        Thread.sleep(forTimeInterval: 0.2)
        let changed = try Wasp.run(["tenant", "passwd", "alpha", "--root", harness.root.path], input: "a-new-password-9\n")
        #expect(changed.status == 0)
        try harness.put("6100000000000001", tenant: harness.alpha, customer: "Secret Sally")
        #expect(harness.endsBeforeAnOrder(stream), "the old session's stream received the next order")
    }

    @Test func aLogoutRefusesTheSameTokenAsCookieAndBearerEvenAfterARestart() throws {
        let cookie = try harness.cookie("alpha")
        let token = try harness.token("alpha")
        #expect(try harness.get("/api/v1/admin/orders", token: token).status == 200)
        let loggedOut = try harness.client().send("POST", "/logout", headers: [("Cookie", "wasp_session=" + cookie)])
        #expect(loggedOut.status == 303)
        #expect(try harness.get("/api/v1/admin/orders", token: token).status == 401)
        #expect(try harness.get("/api/v1/admin/orders", token: cookie).status == 401)
        #expect(try harness.get("/orders", cookie: cookie).headers["Location"] == "/login")
        try harness.restart()
        #expect(try harness.get("/api/v1/admin/orders", token: token).status == 401)
        #expect(try harness.get("/api/v1/admin/orders", token: try harness.token("alpha")).status == 200)
    }

    @Test func aLogoutEndsTheTenantsOpenStreamAndNoOtherTenants() throws {
        let cookie = try harness.cookie("alpha")
        let stream = try harness.stream(cookie: cookie)
        let beta = try harness.stream(cookie: try harness.cookie("beta"))
        Thread.sleep(forTimeInterval: 0.2)
        _ = try harness.client().send("POST", "/logout", headers: [("Cookie", "wasp_session=" + cookie)])
        try harness.put("6100000000000002", tenant: harness.alpha)
        try harness.put("6100000000000003", tenant: harness.beta)
        #expect(harness.endsBeforeAnOrder(stream), "the logged-out stream received the next order")
        #expect(try harness.nextOrder(beta)?["id"].string == "6100000000000003")
    }

    @Test func aLogoutThatCannotBeRecordedSaysSoInsteadOfPretending() throws {
        try "not a directory\n".write(toFile: harness.root.path + "/etc/dashboard", atomically: true, encoding: .utf8)
        let cookie = try harness.cookie("alpha")
        let loggedOut = try harness.client().send("POST", "/logout", headers: [("Cookie", "wasp_session=" + cookie)])
        #expect(loggedOut.status == 500)
        #expect(loggedOut.text.contains("could not be ended on the server") && !loggedOut.text.contains("/etc/"))
        let logged = eventually(timeout: 5) { self.harness.dashboard.log.contains { $0.contains("logout failed") && $0.contains("etc/dashboard") } }
        #expect(logged, "the operator was not told why")
    }
}
