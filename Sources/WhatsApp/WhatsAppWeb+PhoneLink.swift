import Chromium
import Foundation
import JSON

extension WhatsAppWeb {
    /// Links by phone number instead of the QR code, as WhatsApp Web offers: "Link with phone number" under the
    /// QR code, the merchant's number (`digits`, E.164 without the +), and then an eight-character code
    /// (`ABCD-EFGH`) that the merchant types on the phone under Linked devices. `showCode` gets each new code
    /// (WhatsApp replaces one after about three minutes). True once the chat list shows.
    public func link(phoneDigits digits: String, until deadline: Date, showCode: (String) -> Void) throws(BrowserError) -> Bool {
        guard selectors.canLinkByPhone else {
            throw .noElement("phone_link, phone_input, phone_next and pairing_code in the selectors file")
        }
        try page.navigate(to: baseURL + "/")
        var shown: String?
        var typed = false
        var closedDialog = false
        while Date() < deadline {
            try checkStopping()
            closedDialog = try closeDialogs() > 0 || closedDialog
            if let code = try pairingCode() {
                if code != shown { showCode(code) }
                shown = code
            } else if try look().map({ $0.screen == .chatList || $0.screen == .chat }) == true {
                if !closedDialog { try closeDialogs(for: Self.dialogWatch) }
                return true
            } else if !typed, try mark(selectors.phoneInput) {
                // The field shows the default country's prefix ("+1 "): typed after it, the number would be another.
                try page.click(Self.marked)
                try page.evaluate("document.querySelector('[data-wasp-target]').select()")
                try page.insertText("+" + digits)
                typed = true
                if try mark(selectors.phoneNext, text: selectors.phoneNextText) { try page.click(Self.marked) }
            } else if try mark(selectors.phoneLink, text: selectors.phoneLinkText) {
                try page.click(Self.marked)
            }
            Thread.sleep(forTimeInterval: 0.3)
        }
        return false
    }

    static let marked = "[data-wasp-target]"

    /// Marks the first visible element matching one of `selectors` (and holding `text`, when given), so it can
    /// be clicked by a selector of its own: CSS alone cannot pick a button by its words.
    private func mark(_ selectors: [String], text: String = "") throws(BrowserError) -> Bool {
        try page.evaluate("""
            ((selectors, text) => {
                document.querySelectorAll("[data-wasp-target]").forEach(element => element.removeAttribute("data-wasp-target"));
                for (const selector of selectors) {
                    for (const element of document.querySelectorAll(selector)) {
                        if (element.getClientRects().length === 0) continue;
                        if (text && !element.textContent.toLowerCase().includes(text)) continue;
                        element.setAttribute("data-wasp-target", "1");
                        return true;
                    }
                }
                return false;
            })(\(JSONValue.array(selectors.map(JSONValue.string)).serialized), \(JSONValue.string(text).serialized))
            """).bool
    }

    /// The code on screen as `ABCD-EFGH`: from the element's `data-link-code` (`ABCD,EFGH`), else its text.
    private func pairingCode() throws(BrowserError) -> String? {
        let raw = try page.evaluate("""
            (selectors => {
                for (const selector of selectors) {
                    const element = document.querySelector(selector);
                    if (element !== null && element.getClientRects().length > 0)
                        return element.getAttribute("data-link-code") || element.textContent;
                }
                return null;
            })(\(JSONValue.array(selectors.pairingCode.map(JSONValue.string)).serialized))
            """).string
        let letters = (raw ?? "").filter { $0.isLetter || $0.isNumber }.uppercased()
        return letters.count == 8 ? String(letters.prefix(4)) + "-" + String(letters.dropFirst(4)) : nil
    }
}
