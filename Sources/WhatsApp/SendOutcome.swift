import Foundation

/// What WhatsApp Web said about one message.
public enum SendOutcome: Equatable, Sendable {
    /// The message left the clock state: one tick or more.
    case sent
    /// The chat already held this exact message (sent before a crash), so it was not sent again.
    case foundInChat
    case notOnWhatsApp
    /// The page shows a QR code: this browser profile is not (or no longer) linked to the merchant's phone.
    case notLinked
    /// The order stopped being ours to send before send was pressed.
    case withdrawn
    /// Something else, worth another try later; with what the page looked like when it was unexpected.
    case failed(String, PageEvidence?)
}

/// A screenshot and the HTML of a page that did not look as the selectors expect.
public struct PageEvidence: Equatable, Sendable {
    public let screenshot: Data?
    public let html: String?
}
