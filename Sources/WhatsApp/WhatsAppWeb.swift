import Chromium
import Foundation
import JSON
import Spool

/// WhatsApp Web in one browser tab: send a message by the deep link, look for a message already in a chat,
/// and link the profile to a phone by QR code. Browser failures (crash, hang) are thrown for the caller to
/// restart the browser; what the page says is returned.
public final class WhatsAppWeb {
    public let page: Page
    /// Replaced by the sender when `etc/whatsapp-web.selectors` changes (the self-check reloads it).
    public var selectors: WhatsAppSelectors
    let baseURL: String
    /// How long a page may take to show a known screen.
    let pageTimeout: TimeInterval
    /// How long a message may stay in the clock state.
    let sendTimeout: TimeInterval
    private let chatLink = ChatLink()
    /// Told of each dialog found on the page: its words, the page before the click, and whether it was closed.
    public var dialogClosed: ((String, PageEvidence, Bool) -> Void)?
    /// Asked in every wait: once true, the wait ends with `BrowserError.stopping` (the daemon got SIGTERM).
    public var isStopping: () -> Bool = { false }
    var unclosableDialogs: Set<String> = []
    /// When this browser's page last passed the self-check; nil until it has.
    public var lastPassedSelfCheck: Date?
    private var clearedAfterRefusal = false
    /// How long after a link a dialog is watched for, unless one was closed already: the "What's new" one may come
    /// a moment after the chat list.
    public static let dialogWatch: TimeInterval = 5

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
    /// Dialogs are closed first, and once more right before the click, as a backdrop would take it.
    public func send(digits: String, text: String, lookFirst: Bool,
                     stillClaimed: () -> Bool) throws(BrowserError) -> SendOutcome {
        try closeDialogs()
        var opened = try chatLink.open(digits: digits, text: text, in: self)
        if opened == nil { opened = try openByNavigating(digits: digits, text: text) }
        if opened?.screen == .dialog {
            // The dialog may have taken the click that opened the chat: closed, the chat is opened again (inside the
            // app when it can). A dialog again in answer to that, with no message box, is the invalid-number popup
            // in words we do not know.
            guard try closeDialogs() > 0 else { return .failed("a dialog that cannot be closed: \(Log.masked(numbersIn: opened!.text))", evidence()) }
            opened = try chatLink.open(digits: digits, text: text, in: self)
            if opened == nil { opened = try openByNavigating(digits: digits, text: text) }
            if opened?.screen == .dialog, try page.firstVisible(selectors.composeBox) == nil { return .notOnWhatsApp }
        }
        guard let screen = opened else {
            return .failed("unexpected page: no chat, QR code or invalid-number popup after \(Int(pageTimeout)) s",
                           evidence())
        }
        switch screen.screen {
        case .qrCode, .qrReload: return .notLinked
        case .invalidNumber: return .notOnWhatsApp
        case .chat, .chatList, .dialog, .browserRefused: break
        }
        try closeDialogs()
        if lookFirst, try MessageStatus.of(text, on: page, selectors) != nil { return .foundInChat }
        guard stillClaimed() else { return .withdrawn }
        try compose(text)
        // The send button takes the voice button's place only once the box holds the text.
        let button: String
        do {
            button = try page.wait(for: "send button", seconds: min(pageTimeout, 5)) { () throws(BrowserError) in
                try page.firstVisible(selectors.sendButton)
            }
        } catch .timedOut(what: "send button", _) {
            return .failed("unexpected page: no send button", evidence())
        }
        try closeDialogs()
        try page.click(button)
        return try waitForTick(text)
    }

    func checkStopping() throws(BrowserError) {
        if isStopping() { throw .stopping }
    }

    /// The screen showing, and never WhatsApp's "works with Google Chrome" page: a service worker can keep
    /// serving that page after the cause is gone, so the first time it is cleared with the cache and the page
    /// reloaded; seen again, it is thrown as `BrowserError.refused` with its words.
    func look() throws(BrowserError) -> Screen.Match? {
        try checkStopping()
        let match = try Screen.current(on: page, selectors)
        guard let refused = match, refused.screen == .browserRefused else { return match }
        guard !clearedAfterRefusal else { throw .refused(refused.text) }
        clearedAfterRefusal = true
        try page.clearSiteData(origin: baseURL)
        try page.reload()
        return nil
    }

    /// Shows the QR code until a phone scans it or `deadline` passes, calling `showQR` with each new code's
    /// image and pressing "reload" when WhatsApp stops rotating. True once the chat list shows.
    public func link(until deadline: Date, showQR: (Data) -> Void) throws(BrowserError) -> Bool {
        try page.navigate(to: baseURL + "/")
        var shown: Data?
        var closedDialog = false
        while Date() < deadline {
            switch try look() {
            case let match? where match.screen == .chatList || match.screen == .chat:
                if !closedDialog { try closeDialogs(for: Self.dialogWatch) }
                return true
            case let match? where match.screen == .dialog:
                closedDialog = try closeDialogs() > 0 || closedDialog
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
                guard let match = try look() else { return nil }
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
        // The app may replace the box between the two looks (a chat opening, a popup).
        let text = try page.evaluate("document.querySelector(\(JSONValue.string(box).serialized))?.innerText ?? null").string
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
                try checkStopping()
                let status = try MessageStatus.of(text, on: page, selectors)
                return status == nil || status == .pending ? nil : true
            }
            return .sent
        } catch .timedOut(what: "tick", _) {
            return .failed("the message stayed pending (clock) for \(Int(sendTimeout)) s", evidence())
        }
    }
}
