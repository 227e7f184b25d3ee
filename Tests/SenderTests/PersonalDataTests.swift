import Foundation
import Spool
import Testing
import TestSupport

/// Logs and attempt details carry no customer's number (but its last 4 digits) and never a message's text, even
/// when the deep link that holds both is what failed; pages the sender saved go when a customers/redact asks.
@Suite struct PersonalDataTests {
    @Test func aDeepLinkThatCannotOpenLeavesNeitherNumberNorMessageInTheLogOrTheAttempt() throws {
        let harness = try SenderHarness(waspConf: ["sender.retry_base = 60s", "sender.retry_max = 60s"])
        try harness.link("shop")
        // A fresh browser with WhatsApp Web gone: its first page is the order's deep link, which cannot open.
        harness.kill()
        harness.standIn.stop()
        try harness.start()
        try harness.addReady("3601")
        #expect(harness.wait(for: ["3601"], in: .deferred), "\(harness.log.joined(separator: "\n"))")
        let record = try harness.orders["shop"]!.load("3601", in: .deferred)
        let details = record.attempts.compactMap(\.detail).joined(separator: "\n")
        #expect(details.contains("/send?…"), "the deep link was what failed: \(details)")
        let log = harness.log.joined(separator: "\n")
        #expect(log.contains("/send?…"), "\(log)")
        let number = try #require(record.phone.e164).filter(\.isNumber)
        // The sample's message starts "Hello Jane, ...": its words as typed and as the link encodes them.
        let words = String(record.message.prefix(10))
        for text in [details, log] {
            #expect(!text.contains(number.dropLast(4)), "the number, but its last 4 digits")
            #expect(!text.contains(words) && !text.contains(words.replacingOccurrences(of: " ", with: "%20")), "the message")
        }
    }

    @Test func aPhoneThatCannotBeUsedIsNotQuotedInTheLogsOrTheFailure() throws {
        let harness = try SenderHarness(tenantLines: ["delay = 1s"], withIntake: true)
        try harness.link("shop")
        let poster = WebhookPoster(port: harness.intake!.port!, secret: SenderHarness.secret)
        let order = ##"{"id": 9001, "name": "#9001", "phone": "+49 151 CALL 98765", "total_price": "1.00", "currency": "EUR"}"##
        #expect(try poster.post(Data(order.utf8), path: "/webhooks/shop/orders/create").status == 200)
        #expect(harness.wait(for: ["9001"], in: .failed), "\(harness.log.joined(separator: "\n"))")
        let record = try harness.orders["shop"]!.load("9001", in: .failed)
        #expect(record.phone.asWritten == "+49 151 CALL 98765", "the order file keeps what the customer typed")
        #expect(record.failure?.contains("contains letters") == true, "\(record.failure ?? "")")
        let said = [record.failure ?? ""] + record.attempts.compactMap(\.detail) + harness.log + (harness.intake?.log ?? [])
        #expect(!said.contains { $0.contains("151 CALL") || $0.contains("98765") }, "\(said)")
    }

    @Test func afterACustomersRedactTheSenderDeletesThePagesItSaved() throws {
        let harness = try SenderHarness()
        let spool = harness.spool, tenant = TenantID("shop")!
        for name in ["last-failure.png", "last-failure.html", "dialog-20261201100000.png"] {
            try spool.replace(name, tenant: tenant, in: .whatsapp, with: Data("+61 2 9876 5432".utf8), modified: Date())
        }
        try spool.requestForgettingPages(tenant)
        #expect(eventually { !spool.exists(Spool.forgetPagesFile, tenant: tenant, in: .whatsapp) }, "\(harness.log)")
        let left = spool.list(tenant, .whatsapp).map(\.name)
        #expect(!left.contains { $0.hasPrefix("last-failure") || $0.hasPrefix("dialog-") }, "\(left)")
        #expect(eventually { harness.log.contains { $0.contains("saved pages deleted after a customers/redact") && $0.contains("files=3") } },
                "\(harness.log)")
    }
}
