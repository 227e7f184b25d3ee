import Foundation

/// The sender's word in `spool/<t>/whatsapp/state`, which `wasp status`, `wasp link` and the dashboard show.
public enum LinkState: String, Sendable, CaseIterable {
    case unlinked, qr, linked
    /// The phone removed this browser from its linked devices.
    case loggedOut = "logged-out"
    /// The browser could not be driven; the reason says why.
    case error

    /// The state in words for a merchant.
    public var words: String {
        switch self {
        case .unlinked: return "Not linked to WhatsApp yet"
        case .qr: return "Waiting for you to scan the QR code"
        case .linked: return "Linked to WhatsApp"
        case .loggedOut: return "Logged out by the phone; link again"
        case .error: return "Could not link"
        }
    }
}

/// The whole `state` file: the word on its first line, and on the second, when the sender gave one, why (in words
/// a merchant understands, the technical detail in brackets).
public struct LinkStatus: Sendable, Equatable {
    public var state: LinkState
    public var reason: String?
    /// While linking by phone number: the code (`ABCD-EFGH`) the merchant types on the phone.
    public var pairingCode: String?
    /// The `error` is the live self-check's: linked, but sends wait until the selectors file matches the page.
    public var isPausedBySelfCheck = false

    public init(_ state: LinkState, reason: String? = nil, pairingCode: String? = nil) {
        self.state = state
        self.reason = reason
        self.pairingCode = pairingCode
    }

    /// The state in words, which while linking by phone number is the code to enter rather than the QR code.
    public var headline: String {
        if state == .qr, let pairingCode { return "Waiting for you to enter the code \(pairingCode) on your phone" }
        if state == .error && isPausedBySelfCheck { return "Sending paused" }
        return state.words
    }

    /// `Could not link: WhatsApp Web could not be reached from the server (net::ERR_NAME_NOT_RESOLVED)`.
    public var sentence: String {
        headline + (pairingCode == nil ? reason.map { ": " + $0 } ?? "" : "")
    }
}

extension Spool {
    public static let linkStateFile = "state"
    public static let linkRequestFile = "link-request"
    public static let qrFile = "qr.png"
    public static let pairingCodeFile = "pairing-code"
    /// The scheduler's request, after a customers/redact, that the sender delete the pages it saved.
    public static let forgetPagesFile = "forget-pages"

    public func linkState(_ tenant: TenantID) -> LinkState {
        linkStatus(tenant).state
    }

    /// `unlinked` until the sender writes a state; an unknown word reads as `error`.
    public func linkStatus(_ tenant: TenantID) -> LinkStatus {
        var status = linkStateFile(tenant)
        if status.state == .qr, let code = try? read(Self.pairingCodeFile, tenant: tenant, in: .whatsapp) {
            status.pairingCode = String(decoding: code, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if status.state == .error, let check = selfCheck(tenant), !check.isPassing { status.isPausedBySelfCheck = true }
        return status
    }

    private func linkStateFile(_ tenant: TenantID) -> LinkStatus {
        guard let data = try? read(Self.linkStateFile, tenant: tenant, in: .whatsapp) else { return LinkStatus(.unlinked) }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", maxSplits: 1)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let word = lines.first ?? ""
        let reason = lines.count > 1 && !lines[1].isEmpty ? lines[1] : nil
        guard let state = LinkState(rawValue: word) else { return LinkStatus(.error, reason: reason ?? "the state file says '\(word)'") }
        return LinkStatus(state, reason: reason)
    }

    public func setLinkState(_ state: LinkState, reason: String? = nil, tenant: TenantID) throws(SpoolError) {
        let oneLine = reason.map { $0.replacingOccurrences(of: "\n", with: " ") }
        try replace(Self.linkStateFile, tenant: tenant, in: .whatsapp,
                    with: Data((state.rawValue + "\n" + (oneLine.map { $0 + "\n" } ?? "")).utf8), modified: Date())
    }

    /// Orders due and not yet sent (in `ready/`, `active/` and `deferred/`): what waits for a link.
    public func waitingToSend(_ tenant: TenantID) -> Int {
        [SpoolDirectory.ready, .active, .deferred].reduce(0) { $0 + list(tenant, $1).count }
    }

    /// Asks the sender to link the tenant (`wasp link`, the dashboard's Connect button): by QR code, or with
    /// `phone` (E.164) by a pairing code. The file holds the number, or nothing; the last request wins.
    public func requestLink(_ tenant: TenantID, phone: String? = nil) throws(SpoolError) {
        try replace(Self.linkRequestFile, tenant: tenant, in: .whatsapp, with: Data((phone.map { $0 + "\n" } ?? "").utf8),
                    modified: Date())
    }

    /// Asks the sender to delete the screenshots and HTML it saved (`whatsapp/last-failure.*`, `dialog-*.png`): they
    /// may show a customer whose data was redacted, and `whatsapp/` is the sender's to clean.
    public func requestForgettingPages(_ tenant: TenantID) throws(SpoolError) {
        try replace(Self.forgetPagesFile, tenant: tenant, in: .whatsapp, with: Data(), modified: Date())
    }

    /// The number of a link request by phone number, or nil for a QR code (or no request).
    public func linkRequestPhone(_ tenant: TenantID) -> String? {
        guard let data = try? read(Self.linkRequestFile, tenant: tenant, in: .whatsapp) else { return nil }
        let phone = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return phone.isEmpty ? nil : phone
    }
}
