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
    /// (WhatsApp Web is loaded first when no known screen shows). With `recent` (the last messages sent, newest
    /// first), a linked page also opens the chat of the newest one without unread replies inside the app (opening
    /// reads a chat; nothing is typed or sent): the chat list must show chats, and the chat our message with its
    /// text and status icon, which is what sending and never sending twice rely on. Returns the result and, when
    /// anything is missing, the page as it was.
    public func selfCheck(recent: [SentMessage]) throws(BrowserError) -> (SelfCheckResult, PageEvidence?) {
        var found: [String] = [], missing: [String] = []
        let screen = try settledScreen()
        if let screen {
            try resolve(elements(of: screen.screen, afterSending: !recent.isEmpty), &found, &missing)
            if missing.isEmpty, [.chatList, .chat].contains(screen.screen), let recent = try unreadFree(recent),
               try openForCheck(recent) {
                try resolve([Element(key: "compose_box", selectors: selectors.composeBox)], &found, &missing)
                missing += try missingInOwnMessage(recent.text, &found)
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

    /// The newest of `recent` whose chat has no unread reply (which only the reply reader may open).
    private func unreadFree(_ recent: [SentMessage]) throws(BrowserError) -> SentMessage? {
        guard !recent.isEmpty else { return nil }
        let unread = selectors.canReadReplies ? Set(try unreadChats()) : []
        return recent.first { !unread.contains($0.digits) }
    }

    /// Adds `key = line` for each element a line of which matches a visible element (containing its words), and
    /// the key of each that none does, looking again for `chatListPatience` while any is missing: the app draws
    /// some parts (the chat list's rows) a moment after the rest.
    private func resolve(_ elements: [Element], _ found: inout [String], _ missing: inout [String]) throws(BrowserError) {
        let deadline = Date().addingTimeInterval(Self.chatListPatience)
        var matched = try match(elements)
        while matched.contains(where: { $0 == nil }) && Date() < deadline {
            try checkStopping()
            Thread.sleep(forTimeInterval: 0.1)
            matched = try match(elements)
        }
        for (element, line) in zip(elements, matched) {
            if let line { found.append(element.key + " = " + line) } else { missing.append(element.key) }
        }
    }

    /// For each element, the first of its lines that matches a visible element containing its words, or nil.
    private func match(_ elements: [Element]) throws(BrowserError) -> [String?] {
        let query = JSONValue.array(elements.map { element in
            ["selectors": .array(element.selectors.map(JSONValue.string)), "words": .string(element.words)]
        })
        let matched = try page.evaluate("""
            (elements => elements.map(element => element.selectors.find(selector =>
                [...document.querySelectorAll(selector)].some(node => node.getClientRects().length > 0
                    && node.innerText.toLowerCase().includes(element.words)))
                ?? null))(\(query.serialized))
            """).array
        return elements.indices.map { matched.count > $0 ? matched[$0].string : nil }
    }

    /// Opens the chat of `recent` inside the app without any text, else by the deep link; true once it shows.
    private func openForCheck(_ recent: SentMessage) throws(BrowserError) -> Bool {
        // A link of its own: one that fails here must not stop sends from opening chats inside the app.
        if let opened = try ChatLink().open(digits: recent.digits, text: "", in: self) { return opened.screen == .chat }
        try page.navigate(to: baseURL + "/send?phone=" + recent.digits)
        return try waitForScreen(seconds: pageTimeout) { $0.screen != .chatList }?.screen == .chat
    }

    /// What of our own message the chat does not show: any outgoing message, then its text, then its status icon.
    private func missingInOwnMessage(_ text: String, _ found: inout [String]) throws(BrowserError) -> [String] {
        guard let outgoing = try page.firstVisible(selectors.outgoingMessage) else { return ["outgoing_message"] }
        found.append("outgoing_message = " + outgoing)
        switch try MessageStatus.of(text, on: page, selectors) {
        case nil: return ["message_text"]
        case .unknown?: return ["status_pending/status_sent/status_delivered"]
        case let status?:
            found.append("status_\(status.rawValue) = shown on the message last sent")
            return []
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
