import Chromium
import JSON

/// The status icon of our own message with a given text in the open chat.
enum MessageStatus: String {
    case pending, sent, delivered
    /// Our message is there but shows no icon we know: it exists, so it must not be sent again.
    case unknown

    /// The status of the last outgoing message whose text is `text` (whitespace folded), or nil if none.
    static func of(_ text: String, on page: Page, _ selectors: WhatsAppSelectors) throws(BrowserError) -> MessageStatus? {
        let query: JSONValue = [
            "text": .string(normalized(text)),
            "messages": list(selectors.outgoingMessage), "texts": list(selectors.messageText),
            "pending": list(selectors.statusPending), "sent": list(selectors.statusSent),
            "delivered": list(selectors.statusDelivered),
        ]
        return try page.evaluate("""
            (query => {
                const fold = text => text.replace(/\\s+/g, " ").trim();
                const has = (element, selectors) => selectors.some(selector => element.querySelector(selector) !== null);
                const messages = query.messages.flatMap(selector => [...document.querySelectorAll(selector)]);
                const ours = messages.filter(message => query.texts.some(selector =>
                    [...message.querySelectorAll(selector)].some(part => fold(part.innerText) === query.text)));
                if (ours.length === 0) return null;
                const last = ours[ours.length - 1];
                if (has(last, query.delivered)) return "delivered";
                if (has(last, query.sent)) return "sent";
                if (has(last, query.pending)) return "pending";
                return "unknown";
            })(\(query.serialized))
            """).string.flatMap(MessageStatus.init)
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func list(_ selectors: [String]) -> JSONValue { .array(selectors.map(JSONValue.string)) }
}
