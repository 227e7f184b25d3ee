import Foundation

/// The sender's one word in `spool/<t>/whatsapp/state`, which `wasp status`, `wasp link` and the dashboard show.
public enum LinkState: String, Sendable, CaseIterable {
    case unlinked, qr, linked
    /// The phone removed this browser from its linked devices.
    case loggedOut = "logged-out"
    /// The browser could not be driven; the sender's log says why.
    case error
}

extension Spool {
    public static let linkStateFile = "state"
    public static let linkRequestFile = "link-request"
    public static let qrFile = "qr.png"

    /// `unlinked` until the sender writes a state; an unknown word reads as `error`.
    public func linkState(_ tenant: TenantID) -> LinkState {
        guard let data = try? read(Self.linkStateFile, tenant: tenant, in: .whatsapp) else { return .unlinked }
        let word = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return LinkState(rawValue: word) ?? .error
    }

    public func setLinkState(_ state: LinkState, tenant: TenantID) throws(SpoolError) {
        try replace(Self.linkStateFile, tenant: tenant, in: .whatsapp, with: Data((state.rawValue + "\n").utf8),
                    modified: Date())
    }

    /// Asks the sender to show a QR code for linking (`wasp link`, the dashboard's Connect button).
    public func requestLink(_ tenant: TenantID) throws(SpoolError) {
        do {
            try deposit(Data(), tenant: tenant, into: .whatsapp, name: Self.linkRequestFile)
        } catch .exists {
            return
        }
    }
}
