import Glibc

/// The directories of `spool/<tenant>/`, as the SPEC names them.
public enum SpoolDirectory: String, CaseIterable, Sendable {
    case tmp, incoming, events, ready, active, deferred, hold, sent, confirmed, cancelled, delivered, failed, corrupt, exports
    case whatsapp, chrome
    /// Markers of webhook and event ids already accepted, so a Shopify retry is answered 200 and stored once.
    case seen
    /// Jobs for `wasp writeback`: a customer's answer to write onto the Shopify order.
    case writeback
    /// The intake's own state: the reconciliation watermark, the alert on the tenant's Shopify feed, and its
    /// request that the writeback re-check the webhook subscriptions.
    case intake
    /// Orders the tenant's rules (`confirm.others = skip`) or the customer's opt-out kept from being messaged at all.
    case skipped
    /// The tenant's do-not-message list: one file per number that answered a stop word (the scheduler's). Last, as
    /// `isPrepared` checks the last directory, so a spool of an older version gets these two.
    case optout

    /// The directories an order file can live in, from least to most advanced: when a restore leaves one order in
    /// two, `wasp fsck` keeps the later one. A message sent outranks a failure, so nothing is ever sent twice.
    public static let orderStates: [SpoolDirectory] = [
        .incoming, .ready, .hold, .deferred, .active, .failed, .skipped, .sent, .confirmed, .cancelled, .delivered,
    ]

    /// An order state: its files are moved by daemons of several users, so they are group-writable
    /// (`FileSystem.shareWithGroup`); elsewhere (`whatsapp/`, `events/`, …) a file stays its writer's alone.
    public var isOrderState: Bool { Self.orderStates.contains(self) }

    /// The states where an order still waits to be sent, as the dashboard's "pending".
    public static let pendingStates: Set<SpoolDirectory> = [.incoming, .ready, .active, .deferred, .hold]

    /// Mode for `mkdir`: the browser profile holds the merchant's WhatsApp session, so only its owner may enter.
    public var mode: mode_t { self == .chrome ? 0o700 : 0o750 }
}
