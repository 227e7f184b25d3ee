import Chromium
import Foundation
import Spool
import Testing
import TestSupport

/// The dashboard on a phone (390 px wide) and on a desktop (1280 px): nothing scrolls sideways, and what a
/// merchant looks for is on screen. Screenshots go to .build/screenshots/.
@Suite(.serialized) final class PhoneLayoutTests {
    let session: DashboardBrowser
    var harness: DashboardHarness { session.harness }
    var page: Page { session.page }

    init() throws {
        session = try DashboardBrowser()
    }

    private func open(_ path: String, width: Int) throws {
        try page.setViewport(width: width, height: width < 600 ? 844 : 900, mobile: width < 600)
        try page.navigate(to: session.base + path)
        try session.waitFor("document.readyState === 'complete'")
    }

    private func overflow() throws -> String {
        try page.evaluate("""
            document.documentElement.scrollWidth <= innerWidth ? "none"
              : `${document.documentElement.scrollWidth} > ${innerWidth}: ` + [...document.querySelectorAll("body *")]
                  .filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 5)
                  .map(e => e.tagName + "." + e.className).join(", ")
            """).string ?? "?"
    }

    @Test(arguments: [390, 1280])
    func noTabScrollsSidewaysAndOrdersShowStatusAndSentTime(_ width: Int) throws {
        let states: [SpoolDirectory] = [.sent, .failed, .cancelled, .incoming, .delivered]
        for (index, state) in states.enumerated() {
            try harness.put("71000000000000\(index)0", tenant: harness.alpha, in: state, customer: "Customer With A Long Name \(index)")
        }
        try harness.waitUntilListed("7100000000000000", tenant: harness.alpha, status: "confirmed")
        try harness.spool.setLinkState(.error, reason: "WhatsApp Web could not be reached from the server (net::ERR_NAME_NOT_RESOLVED)",
                                       tenant: harness.alpha)
        let cookie = try harness.cookie("alpha")
        try page.navigate(to: session.base + "/login")
        _ = try page.evaluate("document.cookie = 'wasp_session=\(cookie); path=/'")
        for tab in ["orders", "settings", "analytics"] {
            try open("/" + tab, width: width)
            #expect(try overflow() == "none", "\(tab) at \(width) px")
            try session.save("\(tab)-\(width)")
        }
        try open("/orders", width: width)
        let visible = try page.evaluate("""
            [...document.querySelectorAll("tbody tr[data-id]")].every(row =>
              [".badge", ".sent"].every(part => { const e = row.querySelector(part);
                return e && e.getClientRects().length > 0 && e.getBoundingClientRect().right <= innerWidth; }))
            """)
        #expect(visible.bool, "every row shows its status and sent time at \(width) px")
        try open("/settings", width: width)
        #expect(try page.evaluate("document.querySelector('main h2')?.textContent") == "WhatsApp",
                "an unlinked tenant's WhatsApp section comes first")
    }

    @Test func aPhoneCardNamesTheDeliverySlotOnce() throws {
        try harness.put("7200000000000001", tenant: harness.alpha) { $0.deliverySlot = "Delivery slot: Tomorrow 10:00-12:00" }
        try harness.waitUntilListed("7200000000000001", tenant: harness.alpha)
        let cookie = try harness.cookie("alpha")
        try page.navigate(to: session.base + "/login")
        _ = try page.evaluate("document.cookie = 'wasp_session=\(cookie); path=/'")
        try open("/orders", width: 390)
        let shown = try page.evaluate("""
            (() => { const cell = document.querySelector("td.slot"), label = getComputedStyle(cell, "::before").content;
              return (label === "none" ? "" : JSON.parse(label)) + cell.textContent; })()
            """).string
        #expect(shown == "Delivery slot: Tomorrow 10:00-12:00")
    }

    @Test func theAnalyticsChartsLabelsAreReadableOnAPhone() throws {
        let day: TimeInterval = 86400
        for index in 0..<30 {
            try harness.put("73000000000000\(10 + index)", tenant: harness.alpha, in: .sent, received: Date().addingTimeInterval(-Double(index) * day))
        }
        try harness.waitUntilListed("7300000000000039", tenant: harness.alpha, status: "confirmed")
        let cookie = try harness.cookie("alpha")
        try page.navigate(to: session.base + "/login")
        _ = try page.evaluate("document.cookie = 'wasp_session=\(cookie); path=/'")
        try open("/analytics", width: 390)
        try session.save("analytics-labels-390")
        let labels = try page.evaluate("""
            JSON.stringify([...document.querySelectorAll("svg.chart text")].map(e => e.getBoundingClientRect())
              .map(box => [Math.round(box.left), Math.round(box.right), Math.round(box.height)]))
            """).string ?? "[]"
        let boxes = try #require(JSONSerialization.jsonObject(with: Data(labels.utf8)) as? [[Int]])
        #expect(boxes.count > 2 && boxes.allSatisfy { $0[2] >= 11 }, "label boxes [left, right, height] in px: \(boxes)")
        let days = boxes.dropLast().sorted { $0[0] < $1[0] }
        #expect(zip(days, days.dropFirst()).allSatisfy { $0[1] <= $1[0] }, "the day labels do not overlap: \(boxes)")
    }

    /// The five webhooks a shop admin can create, each on its own card, and the app's topics in one line; URLs
    /// wrap after a "/", not inside a word.
    @Test func settingsOnAPhoneListsTheShopsWebhooksAndWrapsURLsAtSlashes() throws {
        let cookie = try harness.cookie("alpha")
        try page.navigate(to: session.base + "/login")
        _ = try page.evaluate("document.cookie = 'wasp_session=\(cookie); path=/'")
        try open("/settings", width: 390)
        #expect(try page.evaluate("document.querySelectorAll('table.webhooks tr').length") == 5)
        let appTopics = try page.evaluate("document.querySelector('.app-topics').textContent").string ?? ""
        #expect(appTopics.contains("customers/redact") && appTopics.contains("subscribes them in its configuration"), "\(appTopics)")
        let breaks = try page.evaluate("""
            [...document.querySelectorAll("table.webhooks code")].flatMap(code => {
              const characters = [];
              for (const node of code.childNodes) {
                if (node.nodeType !== Node.TEXT_NODE) continue;
                for (let offset = 0; offset < node.length; offset++) {
                  const range = document.createRange();
                  range.setStart(node, offset);
                  range.setEnd(node, offset + 1);
                  characters.push([node.data[offset], range.getBoundingClientRect().top]);
                }
              }
              return characters.filter((c, i) => i > 0 && c[1] > characters[i - 1][1] + 2).map((c, i) =>
                characters[characters.indexOf(c) - 1][0] + c[0]);
            }).join(" ")
            """).string ?? "?"
        #expect(!breaks.isEmpty, "the URLs do not fit a phone's line: they wrap")
        #expect(breaks.split(separator: " ").allSatisfy { $0.first == "/" }, "each line ends with '/': \(breaks)")
        try session.save("settings-webhooks-390")
    }

    /// Where `selector` is against the screen: "in view", or its box's top and bottom and the screen's height.
    private func placement(_ selector: String) throws -> String {
        try page.evaluate("""
            (() => { const box = document.querySelector('\(selector)').getBoundingClientRect();
              return box.top >= 0 && box.bottom <= innerHeight ? "in view"
                : `top ${Math.round(box.top)} px, bottom ${Math.round(box.bottom)} px, screen ${innerHeight} px`; })()
            """).string ?? "?"
    }

    @Test(arguments: [390, 1280])
    func afterConnectWhatsAppTheQRCodeAndThePairingCodeAreInView(_ width: Int) throws {
        let cookie = try harness.cookie("alpha")
        try page.navigate(to: session.base + "/login")
        _ = try page.evaluate("document.cookie = 'wasp_session=\(cookie); path=/'")
        try page.setViewport(width: width, height: width < 600 ? 844 : 800, mobile: width < 600)
        try page.navigate(to: session.base + "/settings")
        try session.waitFor("document.body.dataset.live === 'yes'")
        try page.click("#whatsapp button[type=submit]")
        try session.waitFor("location.hash === '#whatsapp' && document.readyState === 'complete' && document.body.dataset.live === 'yes'")
        #expect(eventually(timeout: 5) { harness.spool.exists(Spool.linkRequestFile, tenant: harness.alpha, in: .whatsapp) })
        // What the sender does next: the code's image, then the state that shows it.
        try harness.spool.replace(Spool.qrFile, tenant: harness.alpha, in: .whatsapp, with: try session.qrLikeImage(), modified: Date())
        try harness.spool.setLinkState(.qr, tenant: harness.alpha)
        try session.waitFor("document.querySelector('img.qr')?.complete && document.querySelector('img.qr').naturalWidth > 0")
        #expect(try placement("img.qr") == "in view", "the QR code at \(width) px")
        try session.save("connect-qr-\(width)")

        try page.click("#whatsapp form.by-phone input[name=phone]")
        try page.insertText("+49 151 12345678")
        try page.click("#whatsapp form.by-phone button[type=submit]")
        try session.waitFor("location.hash === '#whatsapp' && document.readyState === 'complete' && document.body.dataset.live === 'yes'")
        try harness.spool.remove(Spool.qrFile, tenant: harness.alpha, from: .whatsapp)
        try harness.spool.replace(Spool.pairingCodeFile, tenant: harness.alpha, in: .whatsapp, with: Data("K7Q2-M9XD\n".utf8),
                                  modified: Date())
        try harness.spool.setLinkState(.qr, tenant: harness.alpha)
        try session.waitFor("document.querySelector('.pairing-code')?.textContent === 'K7Q2-M9XD'")
        #expect(try placement(".pairing-code") == "in view", "the pairing code at \(width) px")
        try session.save("connect-pairing-code-\(width)")
    }
}
