@testable import Crypto
import Foundation
import HTTP
import JSON
import Supervisor
import Testing
import TestSupport

/// Numbers that arrive in URLs, tokens and settings, however large, get an answer; none stops the dashboard.
@Suite final class LargeNumberTests {
    let harness: DashboardHarness
    let orderIDs = ["6000000000000001", "6000000000000002", "6000000000000003"]
    /// Page numbers whose offset (`(page - 1) * 50`) does not fit an Int, and the largest one whose does.
    static let farPages = [Int.max, Int.max - 1, Int.max / 50 + 1, Int.max / 50 + 2, Int.max / 50]

    init() throws {
        harness = try DashboardHarness()
        for id in orderIDs { try harness.put(id, tenant: harness.alpha) }
        try harness.waitUntilListed(orderIDs[0], tenant: harness.alpha)
    }

    @Test(arguments: farPages)
    func anAPIPagePastTheEndIsEmptyWithTheRightCounts(page: Int) throws {
        let token = try harness.token("alpha")
        let answer = try harness.get("/api/v1/admin/orders?page=\(page)", token: token)
        #expect(answer.status == 200)
        let body = JSONValue.parse(answer.body)
        #expect(body?["orders"].array.isEmpty == true)
        #expect(body?["total"] == 3)
        #expect(body?["pages"] == 1)
        #expect(body?["page"] == .number(String(page)))
        let pending = try harness.get("/api/v1/admin/orders?status=pending&page=\(page)", token: token)
        #expect(pending.status == 200)
        #expect(JSONValue.parse(pending.body)?["orders"].array.isEmpty == true)
        #expect(try harness.get("/api/v1/admin/orders", token: token).status == 200, "the dashboard still answers")
    }

    @Test func anAPIPageThatIsNotAPositiveWholeNumberIs400() throws {
        let token = try harness.token("alpha")
        for page in ["0", "-1", "\(Int.min)", "99999999999999999999", "1.5", "abc", "", "1e3"] {
            let answer = try harness.get("/api/v1/admin/orders?page=" + page, token: token)
            #expect(answer.status == 400, "page=\(page)")
            #expect(answer.text.contains("page must be a whole number, 1 or more"), "page=\(page)")
        }
        #expect(try harness.get("/api/v1/admin/orders?page=1", token: token).status == 200)
    }

    @Test(arguments: farPages)
    func theOrdersTabPastTheEndShowsAnEmptyPageLeadingBackToTheLast(page: Int) throws {
        let cookie = try harness.cookie("alpha")
        let answer = try harness.get("/orders?page=\(page)", cookie: cookie)
        #expect(answer.status == 200)
        #expect(answer.text.contains("No orders on this page."))
        #expect(answer.text.contains("page \(page) of 1, 3 orders"))
        #expect(answer.text.contains("href=\"/orders?page=1\" rel=\"prev\""))
        #expect(!answer.text.contains(orderIDs[0]))
        #expect(try harness.get("/orders", cookie: cookie).text.contains(orderIDs[0]), "the dashboard still answers")
    }

    @Test func theOrdersTabShowsTheFirstPageForAPageThatIsNotAPositiveWholeNumber() throws {
        let cookie = try harness.cookie("alpha")
        for page in ["0", "-1", "\(Int.min)", "99999999999999999999", "abc", ""] {
            let answer = try harness.get("/orders?page=" + page, cookie: cookie)
            #expect(answer.status == 200, "page=\(page)")
            #expect(answer.text.contains("page 1 of 1, 3 orders"), "page=\(page)")
        }
    }

    @Test func aTokenWithAnExpiryTooLargeForAnyClockIsRefused() throws {
        let token = try harness.token("alpha")
        let parts = token.split(separator: ".").map(String.init)
        let expiries = ["99999999999999999999", "\(Int64.max)", "\(Int64.max - 1)", "\(Int64.min)", "1e300", "inf", "nan"]
        for expiry in expiries {
            let forged = "alpha." + expiry + "." + parts[2]
            #expect(try harness.get("/api/v1/admin/stats", token: forged).status == 401, "\(expiry)")
            #expect(try harness.get("/orders", cookie: forged).status == 303, "\(expiry)")
        }
        #expect(try harness.get("/api/v1/admin/stats", token: token).status == 200, "the dashboard still answers")
    }

    /// A hand-edited tenant file with a hash whose numbers OpenSSL refuses (a 256 MiB table and more) stopped the
    /// dashboard at the first login for that tenant.
    @Test func aPasswordHashTooCostlyToCheckIsAWrongPasswordNotACrash() throws {
        let costly = try DashboardHarness { _ in
            PasswordHash(logN: 18, blockSize: 8, parallelism: 1, salt: Array(repeating: 1, count: 16), hash: Array(repeating: 2, count: 32))
        }
        let answer = try costly.formLogin(email: "alpha@example.com", password: DashboardHarness.passwords["alpha"]!)
        #expect(answer.status == 401)
        #expect(answer.text.contains("Wrong email or password."))
        #expect(try costly.get("/login").status == 200, "the dashboard still answers")
    }

    /// A token's expiry and the cookie's Max-Age are whole seconds; a lifetime beyond them trapped at the first login.
    @Test func aSessionLifetimeBeyondAnyClockStopsTheStartWithTheKeyNamed() throws {
        let refused = #expect(throws: DaemonProcess.StartError.self) {
            try DashboardHarness(waspConf: ["dashboard.session_lifetime = 1e20s"])
        }
        #expect(refused?.description.contains("dashboard.session_lifetime") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("'1e20s' is too long; at most 3650d") == true)
    }
}
