import Chromium
import Foundation
import JSON

/// WhatsApp Web in one browser tab: send a message by the deep link, look for a message already in a chat,
/// and link the profile to a phone by QR code. Browser failures (crash, hang) are thrown for the caller to
/// restart the browser; what the page says is returned.
public final class WhatsAppWeb {
    public let page: Page
    let selectors: WhatsAppSelectors
    let baseURL: String
    /// How long a page may take to show a known screen.
    let pageTimeout: TimeInterval
    /// How long a message may stay in the clock state.
    let sendTimeout: TimeInterval
    private let chatLink = ChatLink()

    public init(page: Page, selectors: WhatsAppSelectors, baseURL: String, pageTimeout: TimeInterval = 30,
                sendTimeout: TimeInterval = 60) {
        self.page = page
        self.selectors = selectors
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pageTimeout = pageTimeout
        self.sendTimeout = sendTimeout
    }

    /// Opens the chat with `digits` (E.164 without the +) prefilled with `text`; provided `stillClaimed()` holds
    /// right before, presses send and waits for the tick. With `lookFirst` (the message may have gone before a
    /// crash) a chat already holding `text` is reported instead of sending it again.
    public func send(digits: String, text: String, lookFirst: Bool,
                     stillClaimed: () -> Bool) throws(BrowserError) -> SendOutcome {
        var opened = try chatLink.open(digits: digits, text: text, in: self)
        if opened == nil { opened = try openByNavigating(digits: digits, text: text) }
        guard let screen = opened else {
            return .failed("unexpected page: no chat, QR code or invalid-number popup after \(Int(pageTimeout)) s",
                           evidence())
        }
        switch screen.screen {
        case .qrCode, .qrReload: return .notLinked
        case .invalidNumber: return .notOnWhatsApp
        case .chat, .chatList: break
        }
        if lookFirst, try MessageStatus.of(text, on: page, selectors) != nil { return .foundInChat }
        guard stillClaimed() else { return .withdrawn }
        try compose(text)
        guard let button = try page.firstVisible(selectors.sendButton) else {
            return .failed("unexpected page: no send button", evidence())
        }
        try page.click(button)
        return try waitForTick(text)
    }

    /// Shows the QR code until a phone scans it or `deadline` passes, calling `showQR` with each new code's
    /// image and pressing "reload" when WhatsApp stops rotating. True once the chat list shows.
    public func link(until deadline: Date, showQR: (Data) -> Void) throws(BrowserError) -> Bool {
        try page.navigate(to: baseURL + "/")
        var shown: Data?
        while Date() < deadline {
            switch try Screen.current(on: page, selectors) {
            case let match? where match.screen == .chatList || match.screen == .chat:
                return true
            case let match? where match.screen == .qrReload:
                try Self.unlessReplaced { () throws(BrowserError) in try page.click(match.selector) }
            case let match? where match.screen == .qrCode:
                try Self.unlessReplaced { () throws(BrowserError) in
                    let image = try page.screenshot(of: match.selector)
                    if image != shown { showQR(image) }
                    shown = image
                }
            default:
                break
            }
            Thread.sleep(forTimeInterval: 0.3)
        }
        return false
    }

    /// Runs `action` on an element just found; if the page replaced the element meanwhile (the QR rotates),
    /// the next look finds the new one.
    private static func unlessReplaced(_ action: () throws(BrowserError) -> Void) throws(BrowserError) {
        do { try action() } catch .noElement { return }
    }

    /// A screenshot and the HTML of the page as it is, for the operator to fix the selectors.
    public func evidence() -> PageEvidence {
        PageEvidence(screenshot: try? page.screenshot(), html: try? page.html())
    }

    /// The slow way, a full load of the deep link: always right, but it reloads all of WhatsApp Web.
    private func openByNavigating(digits: String, text: String) throws(BrowserError) -> Screen.Match? {
        try page.navigate(to: baseURL + "/send?phone=" + digits + "&text=" + Self.encoded(text))
        return try waitForScreen(seconds: pageTimeout) { $0.screen != .chatList }
    }

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The first screen `wanted` accepts within `seconds`, or nil.
    func waitForScreen(seconds: TimeInterval, where wanted: (Screen.Match) throws(BrowserError) -> Bool)
        throws(BrowserError) -> Screen.Match? {
        do {
            // The type is spelled out: inferred as an optional, `wait` would return the first nil at once.
            let found: Screen.Match = try page.wait(for: "a known screen", seconds: seconds) { () throws(BrowserError) in
                guard let match = try Screen.current(on: page, selectors) else { return nil }
                return try wanted(match) ? match : nil
            }
            return found
        } catch .timedOut(what: "a known screen", _) {
            return nil
        }
    }

    /// The text in the open chat's message box, whitespace folded.
    func composedText() throws(BrowserError) -> String? {
        guard let box = try page.firstVisible(selectors.composeBox) else { return nil }
        let text = try page.evaluate("document.querySelector(\(JSONValue.string(box).serialized)).innerText").string
        return text.map(MessageStatus.normalized)
    }

    /// The deep link prefills the box; when WhatsApp did not, the text is typed.
    private func compose(_ text: String) throws(BrowserError) {
        guard let box = try page.firstVisible(selectors.composeBox) else { return }
        if try composedText() == MessageStatus.normalized(text) { return }
        try page.click(box)
        try page.evaluate("document.execCommand('selectAll')")
        try page.insertText(text)
    }

    private func waitForTick(_ text: String) throws(BrowserError) -> SendOutcome {
        do {
            try page.wait(for: "tick", seconds: sendTimeout) { () throws(BrowserError) -> Bool? in
                let status = try MessageStatus.of(text, on: page, selectors)
                return status == nil || status == .pending ? nil : true
            }
            return .sent
        } catch .timedOut(what: "tick", _) {
            return .failed("the message stayed pending (clock) for \(Int(sendTimeout)) s", evidence())
        }
    }
}
