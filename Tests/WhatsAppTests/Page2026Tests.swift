import Chromium
import Foundation
import Testing
import TestSupport
import WhatsApp
import WhatsAppStandIn

/// What the 2026 page does that the 2025 one did not (issue 23), through a real Chromium.
@Suite(.serialized) struct Page2026Tests {
    @Test func theWhatsNewDialogAfterLinkingIsClosedSoTheDeviceStaysLinked() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 5, whatsNewDeadline: 3) }
        try fixture.link()
        #expect(fixture.standIn.openWhatsNewDialogs == 0, "its Continue button was pressed")
        #expect(fixture.dialogs.map(\.words).contains { $0.contains("What's new") && $0.contains("Continue") })
        #expect(fixture.dialogs.count == 1, "told once")
        #expect(try fixture.web.send(digits: "61298765432", text: "after the news", lookFirst: false) { true } == .sent)
        #expect(fixture.standIn.loggedOutByDialog == 0)
    }

    @Test func aDialogOverTheChatIsClosedBeforeSendingAndTheMessageGoesOnce() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 5) }
        try fixture.link()
        #expect(try fixture.web.send(digits: "61298765431", text: "before the notice", lookFirst: false) { true } == .sent)
        fixture.standIn.showDialog()
        #expect(eventually(timeout: 5) { (try? fixture.web.page.evaluate("document.querySelector('[role=dialog]') !== null").bool) == true })
        let loads = fixture.standIn.pageLoads
        #expect(try fixture.web.send(digits: "61298765432", text: "behind a notice", lookFirst: false) { true } == .sent)
        #expect(fixture.standIn.count(containing: "behind a notice") == 1)
        #expect(fixture.standIn.pageLoads == loads, "the chat opened in the loaded app, with no full load")
        #expect(fixture.standIn.openNotices == 0)
        #expect(fixture.dialogs.map(\.words).contains { $0.contains("fresh look") })
    }

    @Test func theInvalidNumberPopupIsKnownByItsWordsInSpanishWithAnotherDialogOpen() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 5, language: "es") }
        try fixture.link()
        fixture.standIn.markNotOnWhatsApp("15550000000")
        fixture.standIn.showDialog()
        #expect(try fixture.web.send(digits: "15550000000", text: "hola", lookFirst: false) { true } == .notOnWhatsApp)
        #expect(fixture.standIn.messages.isEmpty)
    }

    @Test func anInvalidNumberInWordsNotInTheFileIsKnownByADialogInsteadOfTheChat() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 5, language: "it") }
        try fixture.link()
        fixture.standIn.markNotOnWhatsApp("15550000000")
        #expect(try fixture.web.send(digits: "15550000000", text: "ciao", lookFirst: false) { true } == .notOnWhatsApp)
        #expect(try fixture.web.send(digits: "61298765432", text: "ciao", lookFirst: false) { true } == .sent,
                "a valid number still gets its chat")
    }

    @Test func theBrowserShowsTheEnginesOwnIdentityAsChromeInEnglishAndNotAsARobot() throws {
        let fixture = try WebFixture { try WhatsAppStandIn() }
        try fixture.web.page.navigate(to: fixture.standIn.url + "/")
        let client = try #require(eventually(timeout: 5) { fixture.standIn.clients.last.map { !$0.userAgent.isEmpty } ?? false }
                                  ? fixture.standIn.clients.last : nil)
        #expect(!client.webdriver, "navigator.webdriver")
        #expect(client.userAgentHeader == client.userAgent)
        #expect(!client.userAgent.contains("Headless"))
        #expect(client.acceptLanguage.hasPrefix("en"), "\(client.acceptLanguage)")
        let major = try #require(client.userAgent.firstMatch(of: /Chrome\/([0-9]+)\./)?.1)
        let version = try fixture.web.page.evaluate("navigator.appVersion").string ?? ""
        #expect(version.contains("Chrome/\(major)."))
        #expect(client.brands.contains("Google Chrome/\(major)") && client.brands.contains("Chromium/\(major)"), "\(client.brands)")
        #expect(!client.brands.contains { $0.contains("Headless") })
    }

    /// A service worker ran with the browser's own identity: "HeadlessChrome", and the headless brands.
    @Test func theServiceWorkerTellsTheSameIdentityAsThePage() throws {
        let fixture = try WebFixture { try WhatsAppStandIn() }
        try fixture.web.page.navigate(to: fixture.standIn.url + "/")
        #expect(eventually(timeout: 10) {
            !fixture.standIn.workerClients.isEmpty && !(fixture.standIn.clients.last?.userAgent.isEmpty ?? true)
        }, "the service worker reported")
        let page = try #require(fixture.standIn.clients.last)
        for worker in fixture.standIn.workerClients {
            #expect(worker.userAgentHeader == page.userAgentHeader, "the worker's request")
            #expect(worker.userAgent == page.userAgent, "navigator.userAgent")
            #expect(worker.brands == page.brands, "navigator.userAgentData")
            #expect(!worker.userAgentHeader.contains("Headless"))
        }
    }

    @Test func aBrowserWhatsAppTurnsAwayIsReportedWithThePagesWordsAfterOneMoreTry() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(minimumChrome: 10_000) }
        do {
            _ = try fixture.web.link(until: Date().addingTimeInterval(8)) { _ in }
            Issue.record("linking went on against the unsupported-browser page")
        } catch .refused(let words) {
            #expect(words.contains("WhatsApp works with Google Chrome 10000+"))
        } catch {
            Issue.record("\(error)")
        }
        #expect(fixture.standIn.pageLoads == 2, "cleared and loaded once more")
    }

    /// A service worker can keep serving the unsupported page after its cause is gone: the one more try comes after
    /// the site's service worker is gone.
    @Test func theServiceWorkerIsClearedBeforeTheOneMoreTryAfterBeingTurnedAway() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 5) }
        let registrations = "navigator.serviceWorker.getRegistrations().then(found => found.length)"
        try fixture.web.page.navigate(to: fixture.standIn.url + "/")
        #expect(eventually(timeout: 10) { (try? fixture.web.page.evaluate(registrations).text) == "1" }, "registered")
        fixture.standIn.turnAway(below: 10_000)
        #expect(throws: BrowserError.self) { _ = try fixture.web.link(until: Date().addingTimeInterval(8)) { _ in } }
        #expect(try fixture.web.page.evaluate(registrations).text == "0")
        #expect(fixture.standIn.pageLoads == 3, "the first load, the gate, and one more after clearing")
    }
}

/// The 2025 page: the selectors kept as fallbacks still link, send, find and read.
@Suite(.serialized) struct Page2025Tests {
    @Test func theOlderPageStillLinksSendsFindsReportsAndReads() throws {
        let fixture = try WebFixture { try WhatsAppStandIn(qrRotation: 5, edition: .of2025) }
        try fixture.link()
        let asked = "Hello Bob, your order #1002 is confirmed!\nReply 1 to confirm or 2 to cancel."
        #expect(try fixture.web.send(digits: "15551230009", text: asked, lookFirst: false) { true } == .sent)
        #expect(try fixture.web.send(digits: "15551230009", text: asked, lookFirst: true) { true } == .foundInChat)
        fixture.standIn.markNotOnWhatsApp("15550000000")
        #expect(try fixture.web.send(digits: "15550000000", text: "hi", lookFirst: false) { true } == .notOnWhatsApp)
        fixture.standIn.reply(from: "15551230009", text: "2")
        #expect(try fixture.web.replies(to: ["15551230009": asked]) == ["15551230009": ["2"]])
        #expect(fixture.standIn.count(containing: "#1002") == 1)
    }
}
