import Chromium
import Foundation
import JSON

extension WhatsAppWeb {
    /// Closes every dialog on the page except the invalid-number popup, by its primary button ("Continue", "OK"),
    /// telling `dialogClosed` each one's words and a screenshot taken before the click. WhatsApp logs a new
    /// device out when its "What's new" dialog stays open, and any dialog's backdrop takes the click meant for
    /// Send. Returns how many were closed; a dialog without a button is left (and told once).
    @discardableResult
    public func closeDialogs() throws(BrowserError) -> Int {
        var closed = 0
        while closed < 5, let match = try Screen.current(on: page, selectors), match.screen == .dialog {
            let seen = evidence()
            guard try markPrimaryButton() else {
                if unclosableDialogs.insert(match.text).inserted { dialogClosed?(match.text, seen, false) }
                return closed
            }
            try page.click(Self.marked)
            _ = try? page.wait(for: "the dialog to close", seconds: 2) { () throws(BrowserError) -> Bool? in
                let now = try Screen.current(on: page, selectors)
                return now?.screen == .dialog && now?.text == match.text ? nil : true
            }
            dialogClosed?(match.text, seen, true)
            closed += 1
        }
        return closed
    }

    /// Watches for a dialog for `seconds` (it comes a moment after the app is ready) and closes it; the watch ends
    /// with the first one closed (any later one is closed before the next send).
    public func closeDialogs(for seconds: TimeInterval) throws(BrowserError) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try checkStopping()
            if try closeDialogs() > 0 { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Marks the first dialog's primary button: the first `dialog_button` whose words match a
    /// `dialog_button_text` pattern, else the first `dialog_button` in it.
    private func markPrimaryButton() throws(BrowserError) -> Bool {
        let query: JSONValue = ["dialogs": list(selectors.invalidNumber), "buttons": list(selectors.dialogButton),
                                "words": list(selectors.dialogButtonText)]
        return try page.evaluate("""
            (query => {
                document.querySelectorAll("[data-wasp-target]").forEach(element => element.removeAttribute("data-wasp-target"));
                const visible = element => element.getClientRects().length > 0;
                const dialog = query.dialogs.flatMap(selector => [...document.querySelectorAll(selector)]).find(visible);
                if (!dialog) return false;
                const buttons = query.buttons.flatMap(selector => [...dialog.querySelectorAll(selector)])
                    .filter(visible);
                const primary = buttons.find(button => query.words.some(pattern =>
                    new RegExp(pattern, "i").test(button.innerText.replace(/\\s+/g, " ").trim()))) || buttons[0];
                if (!primary) return false;
                primary.setAttribute("data-wasp-target", "1");
                return true;
            })(\(query.serialized))
            """).bool
    }

    private func list(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
