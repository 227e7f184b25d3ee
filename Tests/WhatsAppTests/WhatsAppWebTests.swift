import Chromium
import Foundation
import Synchronization
import Testing
import TestSupport
import WhatsApp
import WhatsAppStandIn

/// The shipped selectors file against the stand-in's 2026 page, through a real headless Chromium.
@Suite(.serialized) final class WhatsAppWebTests {
    let fixture: WebFixture
    var standIn: WhatsAppStandIn { fixture.standIn }
    var web: WhatsAppWeb { fixture.web }

    init() throws {
        fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 0.6, reloadAfter: 3, codeLifetime: 1.5) }
    }

    @discardableResult
    private func link() throws -> [Data] { try fixture.link() }

    @Test func linkingShowsEachRotatedCodeAndPressesReload() throws {
        let images = try link()
        #expect(images.count >= 2, "the QR rotates every 0.6 s and the scan comes after 2.5 s")
        #expect(Set(images).count == images.count)
        #expect(images.allSatisfy { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) })
        #expect(standIn.shownCodes.count > 3, "after three codes the page asks for a reload, which was pressed")
        #expect(standIn.sessions.count == 1)
    }

    @Test func linkingEndsUnlinkedWhenNobodyScans() throws {
        #expect(try !web.link(until: Date().addingTimeInterval(1.5)) { _ in })
    }

    @Test func aMessageIsSentOnceAndFoundInTheChatAfterwards() throws {
        try link()
        let text = "Hello Jane, your order #1001 of AUD 12.50 is confirmed! <b>&amp;</b> 😀"
        #expect(try web.send(digits: "61298765432", text: text, lookFirst: true) { true } == .sent)
        #expect(standIn.messages.map(\.text) == [text])
        #expect(try web.send(digits: "61298765432", text: text, lookFirst: true) { true } == .foundInChat)
        #expect(standIn.count(containing: "#1001") == 1)
        #expect(try web.send(digits: "61298765432", text: text, lookFirst: false) { true } == .sent,
                "a new order with the same text is sent: only a message that may have gone is looked for")
        #expect(standIn.count(containing: "#1001") == 2)
    }

    @Test func aNumberNotOnWhatsAppIsReported() throws {
        try link()
        standIn.markNotOnWhatsApp("15550000000")
        #expect(try web.send(digits: "15550000000", text: "hi", lookFirst: false) { true } == .notOnWhatsApp)
        #expect(standIn.messages.isEmpty)
    }

    @Test func anUnlinkedProfileIsReportedAndNothingIsSent() throws {
        #expect(try web.send(digits: "61298765432", text: "hi", lookFirst: false) { true } == .notLinked)
        #expect(standIn.messages.isEmpty)
    }

    @Test func aLoggedOutSessionFallsBackToTheQRCode() throws {
        try link()
        standIn.logOut(standIn.sessions.first!)
        #expect(try web.send(digits: "61298765432", text: "hi", lookFirst: false) { true } == .notLinked)
    }

    @Test func aWithdrawnOrderIsNotSent() throws {
        try link()
        #expect(try web.send(digits: "61298765432", text: "hi", lookFirst: false) { false } == .withdrawn)
        #expect(standIn.messages.isEmpty)
    }

    @Test func aMessageStuckInTheClockStateIsAFailureWithEvidence() throws {
        try link()
        standIn.delayAcknowledgements(by: 5)
        let outcome = try web.send(digits: "61298765432", text: "slow", lookFirst: false, stillClaimed: { true })
        guard case .failed(let reason, let evidence) = outcome else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("pending"))
        #expect(evidence?.html?.contains("msg-time") == true)
        #expect(evidence?.screenshot?.isEmpty == false)
    }

    @Test func aPageThatHangsWhileLoadingTimesOut() throws {
        standIn.hangNextLoads(1)
        #expect(throws: BrowserError.self) { try self.web.link(until: Date().addingTimeInterval(5)) { _ in } }
    }

    @Test func aHungPageTimesOut() throws {
        try link()
        standIn.hangRunningPages(1)
        #expect(eventually(timeout: 10) { standIn.pendingPageHangs == 0 }, "the page took the hang")
        #expect(throws: BrowserError.self) { try self.web.send(digits: "61298765432", text: "hi", lookFirst: false) { true } }
    }

    // Linking by phone number instead of a QR code.

    @Test func theNumberIsTypedEachNewCodeIsShownAndEnteringOneLinks() throws {
        let shown = Mutex<[String]>([])
        let phone = Thread { [standIn] in
            // The merchant is slow: the first code expires (1.5 s) before one is entered, and the one entered is the
            // one wasp has shown (the page may already have asked for the next).
            _ = eventually(timeout: 15) { shown.withLock { $0.count } >= 2 }
            _ = eventually(timeout: 5) { shown.withLock { $0.last }.map(standIn.enterCode) ?? false }
        }
        phone.start()
        #expect(try web.link(phoneDigits: "4915112345678", until: Date().addingTimeInterval(20)) { code in
            shown.withLock { $0.append(code) }
        })
        let codes = shown.withLock { $0 }
        #expect(codes.count >= 2 && Set(codes).count == codes.count, "\(codes)")
        #expect(codes.allSatisfy { $0.count == 9 && $0.dropFirst(4).first == "-" }, "\(codes)")
        #expect(standIn.pairingCodes.allSatisfy { $0.phone == "4915112345678" })
        #expect(standIn.sessions.count == 1)
        #expect(try web.send(digits: "61298765432", text: "linked by code", lookFirst: false) { true } == .sent)
    }

    @Test func aCodeNobodyEntersEndsUnlinked() throws {
        #expect(try !web.link(phoneDigits: "4915112345678", until: Date().addingTimeInterval(2)) { _ in })
        #expect(standIn.sessions.isEmpty)
    }

    @Test func repliesAreReadOnlyFromUnreadChatsAskedAboutAndReadingSendsNothing() throws {
        try link()
        let asked = "Hello Bob Norman, your order #1001 of USD 598.94 is confirmed!\nReply 1 to confirm or 2 to cancel."
        let askedBob = "Hello Bob, your order #1002 of USD 12.00 is confirmed!\nReply 1 to confirm or 2 to cancel."
        for (digits, text) in [("15551230001", asked), ("15551230002", askedBob), ("15551230003", "See you soon")] {
            #expect(try web.send(digits: digits, text: text, lookFirst: false) { true } == .sent)
        }
        standIn.reply(from: "15551230001", text: "1")
        standIn.reply(from: "15551230001", text: "thanks! 🙏")
        standIn.reply(from: "15551230003", text: "a friend's news")
        let sentBefore = standIn.messages.filter { !$0.incoming }.count
        let replies = try web.replies(to: ["15551230001": asked, "15551230002": askedBob])
        #expect(replies == ["15551230001": ["1", "thanks! 🙏"]])
        #expect(standIn.unread("15551230001") == 0, "the asked customer's chat was opened")
        #expect(standIn.unread("15551230003") == 1, "a chat nobody asked about stays unread")
        #expect(standIn.messages.filter { !$0.incoming }.count == sentBefore, "reading sends nothing")
        #expect(try web.replies(to: ["15551230001": asked]) == [:], "read chats show no badge")
    }

    @Test func aReplyAfterAnEarlierLookIsFound() throws {
        try link()
        let asked = "Hello Bob, your order #1002 is confirmed!\nReply 1 to confirm or 2 to cancel."
        #expect(try web.send(digits: "15551230009", text: asked, lookFirst: false) { true } == .sent)
        #expect(try web.replies(to: ["15551230009": asked]) == [:])
        standIn.reply(from: "15551230009", text: "2")
        Thread.sleep(forTimeInterval: 1)
        #expect(try web.replies(to: ["15551230009": asked]) == ["15551230009": ["2"]])
    }
}
