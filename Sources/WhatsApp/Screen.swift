import Chromium
import JSON

/// Which of WhatsApp Web's screens is showing, from the selectors file; one script call per look.
enum Screen: String {
    case invalidNumber, browserRefused, dialog, chat, qrCode, qrReload, chatList

    struct Match {
        let screen: Screen
        let selector: String
        /// A dialog's words (its title and body), for the log line and the operator.
        var text = ""
    }

    /// The first screen (in this order) with a visible element, or nil while nothing known is on the page. A
    /// dialog is the invalid-number popup by its words (any of them, since every dialog shares its markup) and
    /// otherwise a dialog to close; it comes before the chat because its backdrop takes every click.
    static func current(on page: Page, _ selectors: WhatsAppSelectors) throws(BrowserError) -> Match? {
        let query: JSONValue = [
            "dialogs": list(selectors.invalidNumber), "invalid": list(selectors.invalidNumberText),
            "refused": list(selectors.browserRefusedText),
            "groups": .array([group(.chat, selectors.composeBox), group(.qrCode, selectors.qrCode),
                              group(.qrReload, selectors.qrReload), group(.chatList, selectors.chatList)]),
        ]
        let found = try page.evaluate("""
            (query => {
                const visible = element => element.getClientRects().length > 0;
                const matches = (patterns, text) => patterns.some(pattern => new RegExp(pattern, "i").test(text));
                const fold = text => text.replace(/\\s+/g, " ").trim();
                const dialogs = query.dialogs.flatMap(selector =>
                    [...document.querySelectorAll(selector)].filter(visible).map(element => ({selector, element})));
                const invalid = dialogs.find(dialog => matches(query.invalid, dialog.element.innerText));
                if (invalid) return {screen: "invalidNumber", selector: invalid.selector, text: fold(invalid.element.innerText)};
                const body = document.body ? document.body.innerText : "";
                if (query.refused.length > 0 && matches(query.refused, body))
                    return {screen: "browserRefused", selector: "body", text: fold(body).slice(0, 200)};
                if (dialogs.length > 0) return {screen: "dialog", selector: dialogs[0].selector, text: fold(dialogs[0].element.innerText).slice(0, 200)};
                for (const group of query.groups) {
                    for (const selector of group.selectors) {
                        const element = document.querySelector(selector);
                        if (element !== null && visible(element)) return {screen: group.screen, selector};
                    }
                }
                return null;
            })(\(query.serialized))
            """)
        guard let screen = found["screen"].text.flatMap(Screen.init), let selector = found["selector"].text else {
            return nil
        }
        return Match(screen: screen, selector: selector, text: found["text"].string ?? "")
    }

    private static func group(_ screen: Screen, _ selectors: [String]) -> JSONValue {
        ["screen": .string(screen.rawValue), "selectors": list(selectors)]
    }

    private static func list(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
