import Chromium
import Foundation
import JSON
import Spool

extension WhatsAppWeb {
    /// The last message wasp sent from this account: its chat must show it, with its text and status icon.
    public struct SentMessage: Sendable {
        public let digits: String
        public let text: String

        public init(digits: String, text: String) {
            self.digits = digits
            self.text = text
        }
    }

    /// One element of the selectors file: its key, its lines, and the words it must contain (a text button).
    private struct Element {
        let key: String
        let selectors: [String]
        var words = ""
    }

    /// Resolves on the live page every element of `etc/whatsapp-web.selectors` that belongs to the screen showing
    /// (WhatsApp Web is loaded first when no known screen shows). With `recent`, a linked page also opens that
    /// message's chat inside the app (nothing is typed or sent): the chat list must show chats, and the chat our
    /// message with its text and status icon, which is what sending and never sending twice rely on. Returns the
    /// result and, when anything is missing, the page as it was.
    public func selfCheck(recent: SentMessage?) throws(BrowserError) -> (SelfCheckResult, PageEvidence?) {
        var found: [String] = [], missing: [String] = []
        let screen = try settledScreen()
        if let screen {
            try resolve(elements(of: screen.screen, afterSending: recent != nil), &found, &missing)
            if let recent, missing.isEmpty, [.chatList, .chat].contains(screen.screen), try openForCheck(recent) {
                try resolve([Element(key: "compose_box", selectors: selectors.composeBox)], &found, &missing)
                missing += try missingInOwnMessage(recent.text)
            }
        } else {
            missing = ["qr_code", "chat_list", "compose_box"]
        }
        let result = SelfCheckResult(at: Date(), screen: screen.map { Self.words($0.screen) } ?? "none", build: try build(),
                                     missing: missing, found: found)
        if result.isPassing { lastPassedSelfCheck = result.at }
        return (result, result.isPassing ? nil : evidence())
    }

    /// The screen once the app has loaded and any dialog over it is closed, or nil when none known comes.
    private func settledScreen() throws(BrowserError) -> Screen.Match? {
        if try look() == nil { try page.navigate(to: baseURL + "/") }
        guard let match = try waitForScreen(seconds: pageTimeout, where: { _ in true }) else { return nil }
        guard match.screen == .dialog, try closeDialogs() > 0 else { return match }
        return try waitForScreen(seconds: pageTimeout, where: { $0.screen != .dialog })
    }

    private func elements(of screen: Screen, afterSending: Bool) -> [Element] {
        switch screen {
        case .qrCode:
            let byPhone = selectors.canLinkByPhone
                ? [Element(key: "phone_link", selectors: selectors.phoneLink, words: selectors.phoneLinkText)] : []
            return [Element(key: "qr_code", selectors: selectors.qrCode)] + byPhone
        case .qrReload: return [Element(key: "qr_reload", selectors: selectors.qrReload)]
        case .chatList:
            // A chat list that has had our message in it shows at least that chat, which reading replies needs.
            let rows = afterSending && selectors.canReadReplies
                ? [Element(key: "chat_row", selectors: selectors.chatRow), Element(key: "chat_title", selectors: selectors.chatTitle)]
                : []
            return [Element(key: "chat_list", selectors: selectors.chatList)] + rows
        case .chat: return [Element(key: "compose_box", selectors: selectors.composeBox)]
        case .invalidNumber, .dialog, .browserRefused: return []
        }
    }

    /// Adds `key = line` for each element a line of which matches a visible element (containing its words), and
    /// the key of each that none does.
    private func resolve(_ elements: [Element], _ found: inout [String], _ missing: inout [String]) throws(BrowserError) {
        let query = JSONValue.array(elements.map { element in
            ["selectors": .array(element.selectors.map(JSONValue.string)), "words": .string(element.words)]
        })
        let matched = try page.evaluate("""
            (elements => elements.map(element => element.selectors.find(selector =>
                [...document.querySelectorAll(selector)].some(node => node.getClientRects().length > 0
                    && node.innerText.toLowerCase().includes(element.words)))
                ?? null))(\(query.serialized))
            """).array
        for (index, element) in elements.enumerated() {
            if let line = matched.count > index ? matched[index].string : nil {
                found.append(element.key + " = " + line)
            } else {
                missing.append(element.key)
            }
        }
    }

    /// Opens the chat of `recent` inside the app without any text, else by the deep link; true once it shows.
    private func openForCheck(_ recent: SentMessage) throws(BrowserError) -> Bool {
        // A link of its own: one that fails here must not stop sends from opening chats inside the app.
        if let opened = try ChatLink().open(digits: recent.digits, text: "", in: self) { return opened.screen == .chat }
        try page.navigate(to: baseURL + "/send?phone=" + recent.digits)
        return try waitForScreen(seconds: pageTimeout) { $0.screen != .chatList }?.screen == .chat
    }

    /// What of our own message the chat does not show: any outgoing message, then its text, then its status icon.
    private func missingInOwnMessage(_ text: String) throws(BrowserError) -> [String] {
        let statusKeys = ["status_pending", "status_sent", "status_delivered"]
        guard try page.firstVisible(selectors.outgoingMessage) != nil else { return ["outgoing_message"] }
        switch try MessageStatus.of(text, on: page, selectors) {
        case nil: return ["message_text"]
        case .unknown?: return [statusKeys.joined(separator: "/")]
        case .pending?, .sent?, .delivered?: return []
        }
    }

    /// WhatsApp Web's build, `2.3000.<client_revision>`, from the `SiteData` its HTML carries (research §6.6:
    /// `window.Debug.VERSION` is set late and not on every build).
    private func build() throws(BrowserError) -> String? {
        try page.evaluate(#"(document.documentElement.innerHTML.match(/"client_revision"\s*:\s*(\d+)/) || [])[1] ?? null"#)
            .string.map { "2.3000." + $0 }
    }

    private static func words(_ screen: Screen) -> String {
        switch screen {
        case .qrCode: return "qr code"
        case .qrReload: return "qr reload"
        case .chatList: return "chat list"
        case .chat: return "chat"
        case .invalidNumber: return "invalid number"
        case .dialog: return "dialog"
        case .browserRefused: return "browser refused"
        }
    }
}
