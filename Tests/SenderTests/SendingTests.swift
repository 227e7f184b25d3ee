import Foundation
import HTTP
import Spool
import Testing
import TestSupport

@Suite struct SendingTests {
    @Test func anUnlinkedTenantsOrdersWaitWhileTheQRIsShownThenGoOnceLinked() throws {
        let harness = try SenderHarness()
        try harness.addReady("1001")
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .qr })
        let qr = harness.spool.path(TenantID("shop")!, .whatsapp, Spool.qrFile)
        #expect(FileManager.default.contents(atPath: qr)?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
        #expect(harness.orders["shop"]!.states(of: "1001") == [.ready], "no message is lost while unlinked")
        try harness.scanWhenShown(tenants: ["shop"])
        #expect(harness.wait(for: ["1001"], in: .sent))
        #expect(harness.standIn.count(containing: "1001") == 1)
        #expect(!FileManager.default.fileExists(atPath: qr), "the QR is gone once linked")
        let record = try harness.orders["shop"]!.load("1001", in: .sent)
        #expect(record.attempts.map(\.outcome) == ["sent"])
        #expect(harness.standIn.messages.first?.phone == "61298765432")
    }

    @Test func aNumberNotOnWhatsAppFailsWithThatReasonAndTheNextOrderGoesOn() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        harness.standIn.markNotOnWhatsApp("15550000000")
        try harness.addReady("2001") { $0.phone.e164 = "+15550000000" }
        #expect(harness.wait(for: ["2001"], in: .failed))
        #expect(try harness.orders["shop"]!.load("2001", in: .failed).failure == "not on WhatsApp")
        try harness.addReady("2002")
        #expect(harness.wait(for: ["2002"], in: .sent))
        #expect(harness.standIn.count(containing: "2001") == 0)
    }
}

@Suite struct EndToEndTests {
    /// Shopify → intake → 2 s delay → scheduler → sender → Chromium → the stand-in's chat.
    @Test func aSignedWebhookEndsAsAMessageInTheChatAndTheOrderInSent() throws {
        let harness = try SenderHarness(tenantLines: ["delay = 2s"], withIntake: true)
        try harness.link("shop")
        let poster = WebhookPoster(port: harness.intake!.port!, secret: SenderHarness.secret)
        let posted = Date()
        let response = try poster.post(Paths.fixture("orders/02-order-1001-phones-everywhere.json"),
                                       path: "/webhooks/shop/orders/create")
        #expect(response.status == 200)
        #expect(harness.wait(for: ["450789469"], in: .sent))
        let record = try harness.orders["shop"]!.load("450789469", in: .sent)
        let sentAt = try #require(Timestamp.date(record.attempts.last!.at))
        #expect(sentAt.timeIntervalSince(posted) >= 1, "the 2 s delay was kept (attempt times are whole seconds)")
        let message = try #require(harness.standIn.messages.first)
        #expect(harness.standIn.messages.count == 1)
        #expect(message.text == record.message && message.text.contains("#1001"))
        #expect("+" + message.phone == record.phone.e164)
        let status = try Wasp.run(["status", "--root", harness.root.path]).output
        let daemons = status.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(daemons.contains { $0.contains("sender") && $0.contains("s after start (message sent)") }, "\(status)")
        #expect(daemons.contains { $0.contains("intake") && $0.contains("s after start (listening)") }, "\(status)")
    }
}

@Suite struct LinkCommandTests {
    @Test func waspLinkPrintsTheStatesAndTheQRPathAndExitsOnceLinked() throws {
        let harness = try SenderHarness()
        nonisolated(unsafe) var outcome: Wasp.Outcome?
        let command = Thread { [root = harness.root.path] in
            outcome = try? Wasp.run(["link", "shop", "--timeout", "40s", "--root", root])
        }
        command.start()
        try harness.scanWhenShown(tenants: ["shop"])
        #expect(eventually(timeout: 10) { outcome != nil })
        #expect(outcome?.status == 0)
        let lines = outcome?.output.split(separator: "\n").map(String.init) ?? []
        #expect(lines.contains { $0.hasPrefix("state: qr (Waiting for you to scan the QR code); scan ")
                && $0.hasSuffix("/spool/shop/whatsapp/qr.png") })
        #expect(lines.last == "state: linked (Linked to WhatsApp)")
    }

    @Test func waspLinkFailsWhenNobodyScansInTheWindow() throws {
        let harness = try SenderHarness(waspConf: ["whatsapp.link_window = 3s"])
        let outcome = try Wasp.run(["link", "shop", "--root", harness.root.path])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("state: qr"))
        #expect(outcome.output.hasSuffix("state: unlinked (Not linked to WhatsApp yet: nobody scanned the QR code in time)\n"),
                "\(outcome.output)")
        #expect(harness.linkState("shop") == .unlinked)
    }

    /// A merchant whose only device is the phone: `wasp link --phone` prints a code to enter on it instead.
    @Test func waspLinkByPhoneNumberPrintsTheCodeAndExitsOnceItIsEntered() throws {
        let harness = try SenderHarness()
        nonisolated(unsafe) var outcome: Wasp.Outcome?
        let command = Thread { [root = harness.root.path] in
            outcome = try? Wasp.run(["link", "shop", "--phone", "+49 151 1234-5678", "--timeout", "40s", "--root", root])
        }
        command.start()
        let codeFile = harness.spool.path(TenantID("shop")!, .whatsapp, Spool.pairingCodeFile)
        #expect(eventually(timeout: 20) { FileManager.default.fileExists(atPath: codeFile) })
        let code = try String(contentsOfFile: codeFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(harness.standIn.pairingCodes.map(\.phone) == ["4915112345678"])
        #expect(harness.standIn.enterCode(code))
        #expect(eventually(timeout: 20) { outcome != nil })
        #expect(outcome?.status == 0, "\(outcome?.output ?? "")")
        let lines = outcome?.output.split(separator: "\n").map(String.init) ?? []
        #expect(lines.contains("state: qr (Waiting for you to enter the code \(code) on your phone)"), "\(lines)")
        #expect(lines.last == "state: linked (Linked to WhatsApp)")
        #expect(!FileManager.default.fileExists(atPath: codeFile), "the code goes once linked")
        #expect(try Wasp.run(["link", "shop", "--phone", "0151 1234", "--root", harness.root.path]).status == 2,
                "a number without its country code is refused")
    }

    /// No route to WhatsApp: why linking failed reaches the merchant and the operator, not only the sender's log.
    @Test func whyLinkingFailedIsShownByLinkAndStatus() throws {
        let port = closedLoopbackPort()
        let harness = try SenderHarness(waspConf: ["whatsapp.web_url = http://127.0.0.1:\(port)"])
        let outcome = try Wasp.run(["link", "shop", "--timeout", "30s", "--root", harness.root.path])
        #expect(outcome.status == 1)
        let reason = "Could not link: WhatsApp Web could not be reached from the server (cannot open http://127.0.0.1:\(port)"
        #expect(outcome.output.contains("state: error (" + reason), "\(outcome.output)")
        #expect(harness.spool.linkStatus(TenantID("shop")!).reason?.contains("ERR_CONNECTION_REFUSED") == true)
        let status = try Wasp.run(["status", "shop", "--root", harness.root.path])
        #expect(status.output.contains("shop     whatsapp    error  " + reason), "\(status.output)")
    }
}
