import Chromium
import Foundation
import Testing
import TestSupport
import WhatsApp
import WhatsAppStandIn

/// Linking by phone number instead of a QR code, with the shipped selectors, through a real headless Chromium.
@Suite(.serialized) final class PhoneLinkTests {
    let standIn: WhatsAppStandIn
    let root: TemporaryRoot
    let browser: Browser
    let web: WhatsAppWeb

    init() throws {
        BrowserTurn.take()
        var ready = false
        defer { if !ready { BrowserTurn.give() } }
        standIn = try WhatsAppStandIn(qrRotation: 5, reloadAfter: 100, codeLifetime: 1.5)
        root = try TemporaryRoot()
        browser = try Browser.launch(executable: "/usr/bin/chromium", profile: root.path + "/chrome", commandTimeout: 3)
        web = WhatsAppWeb(page: try browser.page(), selectors: try WhatsAppSelectors.load(etc: Paths.package + "/etc"),
                          baseURL: standIn.url, pageTimeout: 3, sendTimeout: 3)
        ready = true
    }

    deinit {
        browser.kill()
        standIn.stop()
        BrowserTurn.give()
    }

    @Test func theNumberIsTypedEachNewCodeIsShownAndEnteringOneLinks() throws {
        nonisolated(unsafe) var codes: [String] = []
        let phone = Thread { [standIn] in
            // The merchant is slow: the first code expires (1.5 s) before one is entered.
            _ = eventually(timeout: 15) { standIn.pairingCodes.count >= 2 }
            _ = eventually(timeout: 5) { standIn.pairingCodes.last.map { standIn.enterCode($0.code) } ?? false }
        }
        phone.start()
        #expect(try web.link(phoneDigits: "4915112345678", until: Date().addingTimeInterval(20)) { codes.append($0) })
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
}
