import Chromium
import Foundation
import JSON

/// Opens a chat inside the loaded app by clicking a `wa.me` link, as a user clicking such a link in a message
/// would: WhatsApp Web opens the chat with the text in its box, without reloading itself, so a warm browser
/// skips the page load that makes most of a send. Tried only while the app shows a chat or the chat list, and
/// trusted only when the chat that opens holds exactly our text in its box (never a half-typed other chat);
/// otherwise the caller loads the deep link. Once it fails, a session stops trying it.
final class ChatLink {
    static let patience: TimeInterval = 3
    private var works = true

    func open(digits: String, text: String, in web: WhatsAppWeb) throws(BrowserError) -> Screen.Match? {
        guard works, let current = try web.look(),
              current.screen == .chat || current.screen == .chatList else { return nil }
        let href = "https://wa.me/" + digits + "?text=" + WhatsAppWeb.encoded(text)
        try web.page.evaluate("""
            (href => {
                document.getElementById("wasp-chat-link")?.remove();
                const link = document.createElement("a");
                link.id = "wasp-chat-link";
                link.href = href;
                link.textContent = "chat";
                link.style.cssText = "position:fixed;left:0;top:0;width:32px;height:32px;z-index:2147483647";
                document.body.append(link);
            })(\(JSONValue.string(href).serialized))
            """)
        try web.page.click("#wasp-chat-link")
        let wanted = MessageStatus.normalized(text)
        let opened = try web.waitForScreen(seconds: Self.patience) { match throws(BrowserError) in
            // A dialog may be the answer, or may have taken the click: the caller closes it and decides.
            if match.screen == .invalidNumber || match.screen == .dialog { return true }
            guard match.screen == .chat else { return false }
            return try web.composedText() == wanted
        }
        _ = try? web.page.evaluate("document.getElementById('wasp-chat-link')?.remove()")
        works = opened != nil
        return opened
    }
}
