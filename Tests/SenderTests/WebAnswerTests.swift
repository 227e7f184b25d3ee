import Foundation
import Glibc
import ShopifyStandIn
import Spool
import Testing
import TestSupport

/// WhatsApp Web customers answer in the chat: from a signed orders/create through the real intake, scheduler,
/// sender (Chromium against the stand-in) and writeback daemon to the tag in the Shopify stand-in.
@Suite struct WebAnswerTests {
    @Test func aReplyInTheChatConfirmsTheOrderAndTagsItInShopify() throws {
        let shopify = try ShopifyAdminStandIn(token: "shpat_web")
        defer { shopify.stop() }
        let harness = try SenderHarness(tenantLines: ["delay = 0", "confirm.ask = yes", "confirm.poll = 2s",
                                                      "shopify.admin_token_file = shopify/shop.token",
                                                      "shopify.admin_url = \(shopify.url)"], withIntake: true)
        try FileManager.default.createDirectory(atPath: harness.root.path + "/etc/shopify", withIntermediateDirectories: true)
        try "shpat_web".write(toFile: harness.root.path + "/etc/shopify/shop.token", atomically: true, encoding: .utf8)
        chmod(harness.root.path + "/etc/shopify/shop.token", 0o600)
        let writeback = try Wasp.start("writeback", root: harness.root, readyWhen: " running")
        defer { writeback.stop() }
        try harness.link("shop")
        let poster = WebhookPoster(port: harness.intake!.port!, secret: SenderHarness.secret)
        #expect(try poster.post(Paths.fixture("orders/02-order-1001-phones-everywhere.json"), path: "/webhooks/shop/orders/create").status == 200)
        #expect(harness.wait(for: ["450789469"], in: .sent))
        let question = try #require(harness.standIn.messages.first)
        #expect(question.text.hasSuffix("Reply 1 to confirm or 2 to cancel."), "\(question.text)")

        harness.standIn.reply(from: question.phone, text: "when will it come?")
        harness.standIn.reply(from: question.phone, text: "Sí 👍🏽")
        #expect(harness.wait(for: ["450789469"], in: .confirmed, timeout: 20), "\(harness.log.suffix(8))")
        #expect(eventually(timeout: 10) { shopify.order("450789469").tags == ["wasp-confirmed"] }, "\(writeback.log)")
        // The job goes before the answer is written onto the file, so Shopify may have it first.
        #expect(eventually { (try? harness.orders["shop"]!.load("450789469", in: .confirmed))?.answers?.count == 2 })
        let record = try harness.orders["shop"]!.load("450789469", in: .confirmed)
        #expect(record.answers?.map(\.text) == ["when will it come?", "Sí 👍🏽"])
        #expect(record.answers?.map(\.meaning) == [.unclear, .confirm] && record.answers?.allSatisfy { $0.provider == "web" } == true)
        #expect(harness.standIn.messages.filter { !$0.incoming }.count == 1, "reading the chat sent nothing")

        Thread.sleep(forTimeInterval: 4.5)  // two more polls: the chat holds no unread reply, nothing is recorded twice
        #expect(try harness.orders["shop"]!.load("450789469", in: .confirmed).answers?.count == 2)
    }

    @Test func oneReminderGoesAfterConfirmReminderAndNoneAfterACancel() throws {
        let harness = try SenderHarness(tenantLines: ["confirm.ask = yes", "confirm.reminder = 3s", "confirm.poll = 1h"])
        try harness.link("shop")
        try harness.addReady("9101")
        try harness.addReady("9102") { $0.phone.e164 = "+5511987650002" }
        #expect(harness.wait(for: ["9101", "9102"], in: .sent))
        let cancel = #"{"topic":"orders/cancelled","tenant":"shop","received_at":"\#(Timestamp.string(Date()))","payload":{"id":9102,"cancelled_at":"2026-12-01T10:00:00Z","cancel_reason":"customer"}}"#
        try harness.spool.deposit(Data(cancel.utf8), tenant: TenantID("shop")!, into: .events,
                                  name: EventName.make(received: Date(), topic: "orders/cancelled"))
        #expect(harness.wait(for: ["9102"], in: .cancelled, timeout: 5))
        let reminders = { harness.standIn.messages.filter { $0.text.hasPrefix("Reminder: ") } }
        #expect(eventually(timeout: 20) { reminders().count == 1 }, "\(harness.log.suffix(6))")
        #expect(harness.wait(for: ["9101"], in: .sent))
        Thread.sleep(forTimeInterval: 4)
        #expect(reminders().count == 1, "one reminder, and none for the order Shopify cancelled")
        #expect(reminders().first?.phone != "5511987650002")
        let record = try harness.orders["shop"]!.load("9101", in: .sent)
        #expect(record.attempts.map(\.outcome) == ["sent", "reminded"] && record.remindedAt != nil && record.reminding == nil)
        #expect(record.sentAt == record.attempts.first?.at, "the question's time still counts for confirm.expire")
    }

    @Test func aReplyThatCameWhileTheSenderWasDownIsReadAfterItsRestart() throws {
        let harness = try SenderHarness(tenantLines: ["confirm.ask = yes", "confirm.poll = 2s"])
        try harness.link("shop")
        try harness.addReady("9201")
        #expect(harness.wait(for: ["9201"], in: .sent))
        let phone = try #require(harness.standIn.messages.first?.phone)
        harness.kill()
        harness.standIn.reply(from: phone, text: "2")
        try harness.start()
        #expect(eventually(timeout: 20) { (try? harness.orders["shop"]!.load("9201", in: .cancelled))?.answers?.count == 1 },
                "\(harness.log.suffix(6))")
        #expect(try harness.orders["shop"]!.load("9201", in: .cancelled).cancellation?.by == "customer")
    }
}
