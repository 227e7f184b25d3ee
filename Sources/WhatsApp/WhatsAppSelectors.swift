import Foundation
import Spool

/// `etc/whatsapp-web.selectors`: the CSS selectors for each element of WhatsApp Web, several per element tried in
/// order, so a change of WhatsApp's page is an edit of this file rather than a release.
public struct WhatsAppSelectors: Sendable {
    public var qrCode: [String]
    public var qrReload: [String]
    public var chatList: [String]
    public var composeBox: [String]
    public var sendButton: [String]
    /// Any dialog; the one whose text matches an `invalidNumberText` pattern is the invalid-number popup.
    public var invalidNumber: [String]
    /// Case-insensitive patterns (JavaScript regular expressions), in several languages: every dialog shares the
    /// invalid-number popup's markup, so only its words tell it apart.
    public var invalidNumberText: [String]
    /// The buttons of a dialog, and patterns for the words of its primary one ("Continue", "OK"), which closes it.
    /// Optional (a file without them leaves dialogs open, and says so).
    public var dialogButton: [String] = []
    public var dialogButtonText: [String] = []
    /// Patterns for the text of the page WhatsApp serves a browser it turns away ("works with Google Chrome").
    public var browserRefusedText: [String] = []
    public var outgoingMessage: [String]
    public var messageText: [String]
    public var statusPending: [String]
    public var statusSent: [String]
    public var statusDelivered: [String]
    /// Linking by phone number: the button under the QR code and the text it must contain, the number field, the
    /// button that goes on and its text, and the element holding the eight-character code. Optional (a file from
    /// before they existed only cannot link by phone number).
    public var phoneLink: [String] = []
    public var phoneLinkText = ""
    public var phoneInput: [String] = []
    public var phoneNext: [String] = []
    public var phoneNextText = ""
    public var pairingCode: [String] = []
    /// Reading replies: a chat's row in the list, its title, its unread badge, and a customer's message in the
    /// open chat. Optional (a file from before them cannot read replies, and says so).
    public var chatRow: [String] = []
    public var chatTitle: [String] = []
    public var unreadBadge: [String] = []
    public var incomingMessage: [String] = []

    public var canReadReplies: Bool {
        !chatRow.isEmpty && !chatTitle.isEmpty && !unreadBadge.isEmpty && !incomingMessage.isEmpty
    }

    public var canLinkByPhone: Bool {
        !phoneLink.isEmpty && !phoneInput.isEmpty && !phoneNext.isEmpty && !pairingCode.isEmpty
    }

    public static func path(etc: String) -> String { etc + "/whatsapp-web.selectors" }

    /// The file in `etc/` when there is one, else the shipped selectors built into the binary.
    public static func load(etc: String) throws(ConfigError) -> WhatsAppSelectors {
        let path = path(etc: etc)
        guard FileManager.default.fileExists(atPath: path) else {
            return try parse(ConfigFile(path: shippedName, text: shipped))
        }
        return try parse(ConfigFile.load(path))
    }

    static func parse(_ file: ConfigFile) throws(ConfigError) -> WhatsAppSelectors {
        var reader = file.reader()
        // Checked here with the syntax they share with the page's JavaScript, so a typo fails at load, not mid-send;
        // by Swift's own regex parser: Foundation's NSRegularExpression leaks what it allocated for a pattern it
        // refuses (the selectors fuzzer found it; Tests/Fuzz/Crashes/selectors/).
        func patterns(_ values: [String], _ key: String) throws(ConfigError) -> [String] {
            for value in values where (try? Regex(value)) == nil {
                throw reader.error(key, "'\(value)' is not a regular expression; fix or remove the line")
            }
            return values
        }
        func required(_ key: String) throws(ConfigError) -> [String] {
            let values = reader.values(key)
            if values.isEmpty || values.contains(where: \.isEmpty) {
                throw reader.error(key, "missing; give at least one CSS selector")
            }
            return values
        }
        var selectors = WhatsAppSelectors(
            qrCode: try required("qr_code"), qrReload: try required("qr_reload"), chatList: try required("chat_list"),
            composeBox: try required("compose_box"), sendButton: try required("send_button"),
            invalidNumber: try required("invalid_number"),
            invalidNumberText: try patterns(required("invalid_number_text"), "invalid_number_text"),
            outgoingMessage: try required("outgoing_message"), messageText: try required("message_text"),
            statusPending: try required("status_pending"), statusSent: try required("status_sent"),
            statusDelivered: try required("status_delivered"))
        selectors.dialogButton = reader.values("dialog_button")
        selectors.dialogButtonText = try patterns(reader.values("dialog_button_text"), "dialog_button_text")
        selectors.browserRefusedText = try patterns(reader.values("browser_refused_text"), "browser_refused_text")
        selectors.phoneLink = reader.values("phone_link")
        selectors.phoneLinkText = reader.values("phone_link_text").first?.lowercased() ?? ""
        selectors.phoneInput = reader.values("phone_input")
        selectors.phoneNext = reader.values("phone_next")
        selectors.phoneNextText = reader.values("phone_next_text").first?.lowercased() ?? ""
        selectors.pairingCode = reader.values("pairing_code")
        selectors.chatRow = reader.values("chat_row")
        selectors.chatTitle = reader.values("chat_title")
        selectors.unreadBadge = reader.values("unread_badge")
        selectors.incomingMessage = reader.values("incoming_message")
        try reader.rejectUnknownKeys()
        return selectors
    }
}
