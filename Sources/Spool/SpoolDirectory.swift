import Glibc

/// The directories of `spool/<tenant>/`, as the SPEC names them.
public enum SpoolDirectory: String, CaseIterable, Sendable {
    case tmp, incoming, events, ready, active, deferred, hold, sent, cancelled, delivered, failed, corrupt, exports
    case whatsapp, chrome
    /// Markers of webhook and event ids already accepted, so a Shopify retry is answered 200 and stored once.
    case seen

    /// The directories an order file can live in, from least to most advanced.
    public static let orderStates: [SpoolDirectory] = [
        .incoming, .ready, .active, .deferred, .hold, .sent, .cancelled, .delivered, .failed,
    ]

    /// Mode for `mkdir`: the browser profile holds the merchant's WhatsApp session, so only its owner may enter.
    var mode: mode_t { self == .chrome ? 0o700 : 0o750 }
}
