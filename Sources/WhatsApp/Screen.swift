import Chromium
import JSON

/// Which of WhatsApp Web's screens is showing, from the selectors file; one script call per look.
enum Screen: String {
    case chat, invalidNumber, qrCode, qrReload, chatList

    struct Match {
        let screen: Screen
        let selector: String
    }

    /// The first screen (in this order) with a visible element, or nil while nothing known is on the page.
    static func current(on page: Page, _ selectors: WhatsAppSelectors) throws(BrowserError) -> Match? {
        let groups: JSONValue = .array([
            group(.invalidNumber, selectors.invalidNumber, text: selectors.invalidNumberText),
            group(.chat, selectors.composeBox), group(.qrCode, selectors.qrCode),
            group(.qrReload, selectors.qrReload), group(.chatList, selectors.chatList),
        ])
        let found = try page.evaluate("""
            (groups => {
                for (const group of groups) {
                    for (const selector of group.selectors) {
                        const element = document.querySelector(selector);
                        if (element === null || element.getClientRects().length === 0) continue;
                        if (group.text && !element.textContent.toLowerCase().includes(group.text)) continue;
                        return {screen: group.screen, selector};
                    }
                }
                return null;
            })(\(groups.serialized))
            """)
        guard let screen = found["screen"].text.flatMap(Screen.init), let selector = found["selector"].text else {
            return nil
        }
        return Match(screen: screen, selector: selector)
    }

    private static func group(_ screen: Screen, _ selectors: [String], text: String = "") -> JSONValue {
        ["screen": .string(screen.rawValue), "selectors": .array(selectors.map(JSONValue.string)), "text": .string(text)]
    }
}
