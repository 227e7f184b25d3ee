import Chromium
import Foundation
import Testing
import TestSupport

/// A real headless Chromium, driven by our own DevTools code, beside a running `wasp dashboard` (a
/// `DashboardHarness`), for the suites that look at the pages as a person would. Screenshots go to
/// .build/screenshots/.
final class DashboardBrowser {
    static let screenshots = Paths.package + "/.build/screenshots"
    let harness: DashboardHarness
    let browser: Browser
    let page: Page

    init() throws {
        BrowserTurn.take()
        var ready = false
        defer { if !ready { BrowserTurn.give() } }
        harness = try DashboardHarness()
        browser = try Browser.launch(executable: "/usr/bin/chromium", profile: harness.root.path + "/chrome", commandTimeout: 10)
        page = try browser.page()
        ready = true
    }

    deinit {
        browser.kill()
        BrowserTurn.give()
    }

    var base: String { "http://127.0.0.1:\(harness.port)" }

    /// A look that fails because the page is navigating (after a form is sent) is just "not yet".
    func waitFor(_ condition: String, seconds: TimeInterval = 10) throws {
        try page.wait(for: condition, seconds: seconds) { () throws(BrowserError) in
            (try? page.evaluate("!!(\(condition))"))?.bool == true ? true : nil
        }
    }

    func save(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        try page.screenshot().write(to: URL(fileURLWithPath: Self.screenshots + "/" + name + ".png"))
    }

    /// A PNG of black and white squares, drawn by the browser, to stand for the sender's QR code.
    func qrLikeImage() throws -> Data {
        let encoded = try page.evaluate("""
            (() => {
              const canvas = document.createElement("canvas");
              canvas.width = canvas.height = 132;
              const context = canvas.getContext("2d");
              context.fillStyle = "#fff";
              context.fillRect(0, 0, 132, 132);
              context.fillStyle = "#000";
              for (let cell = 0; cell < 225; cell++)
                if ((cell * 7919) % 13 < 6) context.fillRect(6 + (cell % 15) * 8, 6 + Math.floor(cell / 15) * 8, 8, 8);
              return canvas.toDataURL("image/png").slice("data:image/png;base64,".length);
            })()
            """).string ?? ""
        return try #require(Data(base64Encoded: encoded))
    }
}
