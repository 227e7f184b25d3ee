import Chromium
import Foundation
import Testing
import TestSupport
import WhatsApp
import WhatsAppStandIn

/// A stand-in, a real headless Chromium on a scratch profile, and the shipped selectors driving it; the dialogs
/// the page showed are kept, as the sender would log them.
final class WebFixture {
    let standIn: WhatsAppStandIn
    let root: TemporaryRoot
    let browser: Browser
    let web: WhatsAppWeb
    private(set) var dialogs: [(words: String, closed: Bool)] = []

    init(_ makeStandIn: () throws -> WhatsAppStandIn) throws {
        BrowserTurn.take()
        var ready = false
        defer { if !ready { BrowserTurn.give() } }
        standIn = try makeStandIn()
        root = try TemporaryRoot()
        browser = try Browser.launch(executable: "/usr/bin/chromium", profile: root.path + "/chrome", commandTimeout: 3)
        let selectors = try WhatsAppSelectors.load(etc: Paths.package + "/etc")
        web = WhatsAppWeb(page: try browser.page(), selectors: selectors, baseURL: standIn.url, pageTimeout: 3,
                          sendTimeout: 3)
        web.dialogClosed = { [unowned self] words, _, closed in dialogs.append((words, closed)) }
        ready = true
    }

    deinit {
        browser.kill()
        standIn.stop()
        BrowserTurn.give()
    }

    /// Links by scanning the first QR code the browser shows; the images the page showed, in order.
    @discardableResult
    func link() throws -> [Data] {
        nonisolated(unsafe) var images: [Data] = []
        let scanner = Thread { [standIn] in
            _ = eventually(timeout: 10) { !standIn.shownCodes.isEmpty }
            Thread.sleep(forTimeInterval: 2.5)
            _ = eventually(timeout: 5) { standIn.codesOnScreen.first.map(standIn.scan) ?? false }
        }
        scanner.start()
        #expect(try web.link(until: Date().addingTimeInterval(15)) { images.append($0) })
        return images
    }
}
