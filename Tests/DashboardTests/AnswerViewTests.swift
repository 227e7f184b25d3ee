import Chromium
import Foundation
import JSON
import Spool
import Testing
import TestSupport

/// Customers' answers as the merchant sees them: a column in the orders table, the replies on the order's page.
@Suite(.serialized) final class AnswerViewTests {
    let session: DashboardBrowser
    var harness: DashboardHarness { session.harness }

    init() throws {
        session = try DashboardBrowser()
    }

    private func answer(_ meaning: AnswerWords.Meaning, _ text: String?, button: String? = nil,
                        provider: String = "web") -> OrderRecord.Answer {
        OrderRecord.Answer(at: Timestamp.string(Date()), meaning: meaning, text: text, button: button, provider: provider)
    }

    private func placeAnsweredOrders() throws {
        let sent = OrderRecord.Attempt(at: Timestamp.string(Date().addingTimeInterval(-600)), outcome: "sent", detail: nil)
        try harness.put("7300000000000001", tenant: harness.alpha, in: .confirmed, customer: "Amira Haddad") {
            $0.attempts = [sent]; $0.asked = true
            $0.answers = [self.answer(.unclear, "when does it arrive?"), self.answer(.confirm, nil, button: "confirm:7300000000000001", provider: "cloud")]
        }
        try harness.put("7300000000000002", tenant: harness.alpha, in: .cancelled, customer: "Bruno Costa") {
            $0.attempts = [sent]; $0.asked = true
            $0.answers = [self.answer(.cancel, "Não")]
            $0.cancellation = OrderRecord.Cancellation(at: Timestamp.string(Date()), reason: "customer", afterSending: true, by: "customer")
        }
        try harness.put("7300000000000003", tenant: harness.alpha, in: .sent, customer: "Chen Wei") { $0.attempts = [sent]; $0.asked = true }
        try harness.put("7300000000000004", tenant: harness.alpha, in: .sent, customer: "Dana Levi") {
            $0.attempts = [sent]; $0.asked = true; $0.noAnswerAt = Timestamp.string(Date())
        }
        try harness.put("7300000000000005", tenant: harness.alpha, in: .sent, customer: "Not Asked") { $0.attempts = [sent] }
        try harness.put("7300000000000006", tenant: harness.alpha, in: .sent, customer: "Eli Cohen") {
            $0.attempts = [sent]; $0.asked = true
            $0.answers = [self.answer(.unclear, "Can you deliver after 6 pm?")]
        }
        try harness.put("7300000000000007", tenant: harness.alpha, in: .skipped, customer: "Paid Online") {
            $0.notAsked = "paid online"; $0.notMessaged = "paid online"
        }
        try harness.put("7300000000000008", tenant: harness.alpha, in: .sent, customer: "Farah Khan") {
            $0.attempts = [sent]; $0.asked = true
            $0.answers = [self.answer(.stop, "STOP")]; $0.optedOutAt = Timestamp.string(Date())
        }
        try harness.waitUntilListed("7300000000000008", tenant: harness.alpha, status: "confirmed")
    }

    private func row(_ id: String, in page: String) -> String {
        page.components(separatedBy: "<tr data-id=\"\(id)\"").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
    }

    @Test func theStatusSaysWhereEachOrderStandsInWordsAndTheAnswerColumnShowsTheReply() throws {
        try placeAnsweredOrders()
        let page = try harness.get("/orders", cookie: try harness.cookie("alpha")).text
        for (id, words) in [("7300000000000001", "confirmed by the customer"), ("7300000000000002", "cancelled by the customer"),
                            ("7300000000000003", "waiting for the customer"), ("7300000000000004", "no answer"),
                            ("7300000000000005", "sent"), ("7300000000000006", "waiting for the customer"),
                            ("7300000000000007", "not messaged: paid online"), ("7300000000000008", "opted out")] {
            #expect(row(id, in: page).contains("\">\(words)</span></td>"), "\(id): \(row(id, in: page))")
        }
        #expect(row("7300000000000001", in: page).contains("<td class=\"answer\">confirmed: tapped Confirm (Cloud API)</td>"))
        #expect(row("7300000000000006", in: page).contains(
            "<td class=\"answer\"><strong class=\"needs-you\">needs you</strong> wrote: “Can you deliver after 6 pm?” (WhatsApp Web)</td>"))
        #expect(row("7300000000000005", in: page).contains("<td class=\"answer\"></td>"), "not asked, no reply")
    }

    @Test func needsYouListsAndCountsTheRepliesNobodyCouldRead() throws {
        try placeAnsweredOrders()
        let cookie = try harness.cookie("alpha")
        let all = try harness.get("/orders", cookie: cookie).text
        #expect(all.contains(">Needs you (1)</a>"), "\(all)")
        let needs = try harness.get("/orders?answer=unclear", cookie: cookie).text
        #expect(needs.contains("data-id=\"7300000000000006\"") && !needs.contains("data-id=\"7300000000000001\""))
        let token = try harness.token("alpha")
        let api = JSONValue.parse(try harness.get("/api/v1/admin/orders?answer=unclear", token: token).body)
        #expect(api?["orders"].array.map { $0["order_id"].string } == ["7300000000000006"])
        #expect(api?["orders"].array.first?["needs_you"] == .bool(true))
        let detail = try harness.get("/orders/7300000000000006", cookie: cookie).text
        #expect(detail.contains("<dt>Needs you</dt><dd>the customer wrote “Can you deliver after 6 pm?”"), "\(detail)")
        let skipped = JSONValue.parse(try harness.get("/api/v1/admin/orders/7300000000000007", token: token).body)
        #expect(skipped?["status"].string == "skipped" && skipped?["progress"].string == "not messaged")
        let waiting = JSONValue.parse(try harness.get("/api/v1/admin/orders/7300000000000003", token: token).body)
        #expect(waiting?["status"].string == "confirmed" && waiting?["progress"].string == "waiting for the customer",
                "the old status stays for scripts; the words are their own field")
        let optedOut = try harness.get("/orders/7300000000000008", cookie: cookie).text
        #expect(optedOut.contains("<dt>Opted out</dt>") && optedOut.contains("do-not-message list"))
    }

    @Test func theOrdersPageListsEveryReplyInWords() throws {
        try placeAnsweredOrders()
        let detail = try harness.get("/orders/7300000000000001", cookie: try harness.cookie("alpha")).text
        #expect(detail.contains("wrote: “when does it arrive?” (WhatsApp Web)"), "\(detail)")
        #expect(detail.contains("confirmed: tapped Confirm (Cloud API)"))
        let cancelled = try harness.get("/orders/7300000000000002", cookie: try harness.cookie("alpha")).text
        #expect(cancelled.contains("asked to cancel: “Não” (WhatsApp Web)"), "\(cancelled)")
    }

    @Test func theAnswerFiltersAndTheRatesCountOnlyAskedOrders() throws {
        try placeAnsweredOrders()
        let cookie = try harness.cookie("alpha")
        #expect(eventually {
            let page = (try? harness.get("/orders?answer=cancelled-by-customer", cookie: cookie).text) ?? ""
            return page.contains("data-id=\"7300000000000002\"") && !page.contains("data-id=\"7300000000000001\"")
        })
        let token = try harness.token("alpha")
        let api = try harness.get("/api/v1/admin/orders?answer=no-answer", token: token)
        #expect(JSONValue.parse(api.body)?["orders"].array.map { $0["order_id"].string } == ["7300000000000004"], "\(api.text)")
        #expect(try harness.get("/api/v1/admin/orders?answer=maybe", token: token).status == 400)
        let analytics = try harness.get("/analytics", cookie: cookie).text
        // Six asked: 1 confirmed, 1 cancelled, 2 waiting (one wrote something else), 1 no answer, 1 opted out.
        #expect(analytics.contains("<span>Customers who answered</span><strong>33.3 %</strong>"), "\(analytics)")
        #expect(analytics.contains("<span>Confirmation rate (confirmed by the customer, of those asked)</span><strong>16.7 %</strong>"))
        #expect(analytics.contains("<span>Cancelled by the customer</span><strong>16.7 %</strong>"))
        #expect(analytics.contains("<span>Messages delivered</span><strong>7 (100.0 % of those tried)</strong>"))
        #expect(analytics.contains("<span>Needs you</span><strong>1</strong>") && analytics.contains("<span>Not messaged</span><strong>1</strong>"))
        #expect(analytics.contains("<h2>Asked orders by day, by their answer now</h2>"))
        #expect(analytics.contains(": 1 confirmed by the customer</title>") && analytics.contains(": 1 no answer</title>"), "\(analytics)")
        let stats = JSONValue.parse(try harness.get("/api/v1/admin/stats", token: token).body)
        let today = stats?["days"].array.last
        #expect(today?["confirmed-by-customer"].text == "1" && today?["asked"].text == "2" && stats?["asked"].text == "6"
                && stats?["confirmation_rate"].text == "0.1667" && stats?["needs_you"].text == "1",
                "\(String(describing: stats))")
    }

    @Test func settingsSayWhetherCustomersAreAskedAndWhereAnswersGo() throws {
        let token = try harness.token("alpha")
        let before = JSONValue.parse(try harness.get("/api/v1/admin/settings", token: token).body)
        #expect(before?["asking"].string == "no (the message only tells)" && before?["writeback"].string == "no (answers stay here)")
        let file = harness.root.path + "/etc/tenants/alpha.conf"
        try (String(contentsOfFile: file, encoding: .utf8) + "\nconfirm.ask = yes\nconfirm.expire = 24h\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(eventually {
            JSONValue.parse((try? harness.get("/api/v1/admin/settings", token: token).body) ?? Data())?["asking"].string
                == "yes; a reminder after 6h, no answer after 24h"
        })
        try (String(contentsOfFile: file, encoding: .utf8) + "\nconfirm.gateways = COD\nconfirm.min_total = 20\nconfirm.others = skip\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(eventually {
            JSONValue.parse((try? harness.get("/api/v1/admin/settings", token: token).body) ?? Data())?["asking"].string
                == "yes; a reminder after 6h, no answer after 24h; only orders paid by cod, total at least 20; the others get no message"
        })
    }

    @Test(arguments: [390, 1280])
    func answersFitOnAPhoneAndADesktop(_ width: Int) throws {
        try placeAnsweredOrders()
        let page = session.page
        try page.navigate(to: session.base + "/login")
        _ = try page.evaluate("document.cookie = 'wasp_session=\(try harness.cookie("alpha")); path=/'")
        try page.setViewport(width: width, height: width < 600 ? 844 : 900, mobile: width < 600)
        try page.navigate(to: session.base + "/orders")
        try session.waitFor("document.readyState === 'complete'")
        #expect(try page.evaluate("document.documentElement.scrollWidth <= innerWidth").bool)
        let shown = try page.evaluate("""
            [...document.querySelectorAll("td.answer")].filter(e => e.textContent && e.getClientRects().length > 0).length
            """)
        #expect(shown.double == 4, "the four orders with a reply show it at \(width) px")
        let badges = try page.evaluate("[...document.querySelectorAll('td.status .badge')].filter(e => e.getClientRects().length > 0).length")
        #expect(badges.double == 8, "every order shows where it stands at \(width) px")
        try session.save(width < 600 ? "answers-390" : "answers")
        try page.navigate(to: session.base + "/analytics")
        try session.waitFor("document.readyState === 'complete'")
        #expect(try page.evaluate("document.documentElement.scrollWidth <= innerWidth").bool, "analytics at \(width) px")
        try session.save(width < 600 ? "answers-analytics-390" : "answers-analytics")
    }
}
