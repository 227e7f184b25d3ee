import Chromium
import Foundation
import JSON

extension WhatsAppWeb {
    /// How long the chat list may take to show its rows after the app loads.
    static let chatListPatience: TimeInterval = 3

    /// What customers wrote after our question, for those whose chat shows an unread badge: `questions` maps a
    /// customer's digits (E.164 without +) to the text of our message that asked them. Only those chats are
    /// opened (opening a chat reads it, so no one else's messages are marked read), and nothing is typed or sent.
    /// A chat without our question in view gives nothing. Nil when the selectors file cannot read replies.
    public func replies(to questions: [String: String]) throws(BrowserError) -> [String: [String]]? {
        guard selectors.canReadReplies else { return nil }
        var replies: [String: [String]] = [:]
        for digits in try unreadChats().filter({ questions[$0] != nil }) {
            guard try openChat(digits) else { continue }
            let written = try messagesAfter(questions[digits]!)
            if !written.isEmpty { replies[digits] = written }
        }
        return replies
    }

    /// The digits of every chat in the list with an unread badge (its title is the number of a customer who is
    /// not in the phone's contacts).
    func unreadChats() throws(BrowserError) -> [String] {
        try closeDialogs()
        if try look()?.screen != .chatList {
            try page.navigate(to: baseURL + "/")
            guard try waitForScreen(seconds: pageTimeout, where: { $0.screen == .chatList }) != nil else { return [] }
        }
        let query: JSONValue = ["rows": list(selectors.chatRow), "titles": list(selectors.chatTitle),
                                "badges": list(selectors.unreadBadge)]
        let script = """
            (query => {
                const pick = (root, selectors) => selectors.flatMap(selector => [...root.querySelectorAll(selector)]);
                const rows = pick(document, query.rows);
                if (rows.length === 0) return null;
                return rows.filter(row => pick(row, query.badges).length > 0)
                    .map(row => pick(row, query.titles).map(title => title.getAttribute("title") || title.textContent)[0] || "")
                    .map(title => title.replace(/[^0-9]/g, "")).filter(digits => digits.length > 0);
            })(\(query.serialized))
            """
        let deadline = Date().addingTimeInterval(Self.chatListPatience)
        while Date() < deadline {
            try checkStopping()
            let found = try page.evaluate(script)
            if case .array = found { return found.array.compactMap(\.string) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return []
    }

    /// Opens the chat by its deep link, without text: true once its message box shows.
    private func openChat(_ digits: String) throws(BrowserError) -> Bool {
        try page.navigate(to: baseURL + "/send?phone=" + digits)
        return try waitForScreen(seconds: pageTimeout, where: { $0.screen == .chat || $0.screen == .invalidNumber })?.screen == .chat
    }

    /// The customer's messages after the last of ours whose text is `question`, oldest first.
    private func messagesAfter(_ question: String) throws(BrowserError) -> [String] {
        let query: JSONValue = ["question": .string(MessageStatus.normalized(question)), "incoming": list(selectors.incomingMessage),
                                "outgoing": list(selectors.outgoingMessage), "texts": list(selectors.messageText)]
        return try page.evaluate("""
            (query => {
                const fold = text => text.replace(/\\s+/g, " ").trim();
                const all = [...query.incoming, ...query.outgoing].join(", ");
                const incoming = query.incoming.join(", ");
                const text = message => query.texts.flatMap(selector => [...message.querySelectorAll(selector)])
                    .map(part => part.innerText).join(" ");
                const messages = [...document.querySelectorAll(all)].map(message =>
                    ({incoming: message.matches(incoming), text: text(message)}));
                let asked = -1;
                messages.forEach((message, index) => { if (!message.incoming && fold(message.text) === query.question) asked = index; });
                if (asked < 0) return [];
                return messages.slice(asked + 1).filter(message => message.incoming).map(message => message.text.trim());
            })(\(query.serialized))
            """).array.compactMap(\.string)
    }

    private func list(_ selectors: [String]) -> JSONValue { .array(selectors.map(JSONValue.string)) }
}
