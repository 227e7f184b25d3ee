import Foundation

/// The intake's files about a tenant's Shopify feed, in `spool/<t>/intake/`, the intake's alone: how far
/// reconciliation has looked (`reconciled-until`), what is wrong with the feed (`feed-alert`, a `FeedCondition`, absent while
/// all is well; `wasp status` and the dashboard show it), and `subscriptions-check`, whose mtime asks the writeback to
/// list the tenant's webhook subscriptions now rather than at its next hour.
extension Spool {
    static let watermarkFile = "reconciled-until"
    static let feedAlertFile = "feed-alert"
    static let subscriptionCheckFile = "subscriptions-check"

    /// Orders created or cancelled before this time have been asked of Shopify; nil before the first pass.
    public func reconcileWatermark(_ tenant: TenantID) -> Date? {
        guard let data = try? read(Self.watermarkFile, tenant: tenant, in: .intake) else { return nil }
        return Timestamp.date(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func setReconcileWatermark(_ date: Date, tenant: TenantID) throws(SpoolError) {
        try replace(Self.watermarkFile, tenant: tenant, in: .intake, with: Data((Timestamp.string(date) + "\n").utf8),
                    modified: Date())
    }

    /// The tenant's feed condition as the intake last wrote it; all well when it wrote none.
    public func feedCondition(_ tenant: TenantID) -> FeedCondition {
        guard let data = try? read(Self.feedAlertFile, tenant: tenant, in: .intake) else { return FeedCondition() }
        return (try? Self.feedDecoder.decode(FeedCondition.self, from: data)) ?? FeedCondition()
    }

    /// When the intake last wrote the condition (a webhook after it clears missed orders); nil while all is well.
    public func feedConditionWritten(_ tenant: TenantID) -> Date? {
        entry(Self.feedAlertFile, tenant: tenant, in: .intake)?.modified
    }

    /// What is wrong with the tenant's Shopify feed, in a sentence naming what to do; nil while nothing is.
    public func feedAlert(_ tenant: TenantID) -> String? {
        feedCondition(tenant).sentence
    }

    /// Keeps `condition` durably; a condition with nothing wrong removes the file.
    public func setFeedCondition(_ condition: FeedCondition, tenant: TenantID) throws(SpoolError) {
        guard condition.sentence != nil else {
            if exists(Self.feedAlertFile, tenant: tenant, in: .intake) { try remove(Self.feedAlertFile, tenant: tenant, from: .intake) }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = ((try? encoder.encode(condition)) ?? Data()) + Data("\n".utf8)
        try replace(Self.feedAlertFile, tenant: tenant, in: .intake, with: data, modified: Date())
    }

    private static var feedDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Asks the writeback to check the tenant's webhook subscriptions now.
    public func requestSubscriptionCheck(_ tenant: TenantID) throws(SpoolError) {
        try replace(Self.subscriptionCheckFile, tenant: tenant, in: .intake, with: Data(), modified: Date())
    }

    /// When the intake last asked for a subscription check; nil if it never did.
    public func subscriptionCheckRequested(_ tenant: TenantID) -> Date? {
        entry(Self.subscriptionCheckFile, tenant: tenant, in: .intake)?.modified
    }
}

/// What is wrong with a tenant's Shopify feed: orders reconciliation found whose webhook never came, or no webhook
/// for `shopify.quiet_alert` while the shop has orders. Either means a subscription is likely gone (Shopify deletes
/// one after 8 failed deliveries, silently for a shop-admin webhook).
public struct FeedCondition: Codable, Equatable, Sendable {
    /// The orders reconciliation stored since the last webhook came, oldest first.
    public var missed: [String] = []
    /// How many orders reconciliation stored since the last webhook; `missed` names the first few.
    public var missedCount = 0
    /// The last webhook, while it is older than `shopify.quiet_alert` and the shop has orders.
    public var quietSince: Date?
    /// `shopify.quiet_alert` when the quiet started, for the sentence.
    public var quietAlert: TimeInterval = 0

    /// The most order ids the condition keeps: a feed gone for days must not grow the file without end.
    static let namedAtMost = 20

    public init(missed: [String] = [], quietSince: Date? = nil, quietAlert: TimeInterval = 0) {
        self.missed = Array(missed.prefix(Self.namedAtMost))
        missedCount = missed.count
        self.quietSince = quietSince
        self.quietAlert = quietAlert
    }

    enum CodingKeys: String, CodingKey {
        case missed, missedCount = "missed_count", quietSince = "quiet_since", quietAlert = "quiet_alert"
    }

    /// Written for whoever reads the file with `cat`; worked out again, never read back.
    enum ShownKeys: String, CodingKey {
        case state, sentence
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(missed, forKey: .missed)
        try container.encode(missedCount, forKey: .missedCount)
        try container.encodeIfPresent(quietSince, forKey: .quietSince)
        try container.encode(quietAlert, forKey: .quietAlert)
        var shown = encoder.container(keyedBy: ShownKeys.self)
        try shown.encode(state, forKey: .state)
        try shown.encodeIfPresent(sentence, forKey: .sentence)
    }

    /// Orders reconciliation just stored.
    public mutating func noteMissed(_ ids: [String]) {
        missed = Array((missed + ids).prefix(Self.namedAtMost))
        missedCount += ids.count
    }

    /// A webhook came after the missed orders: the feed works again.
    public mutating func clearMissed() {
        missed = []
        missedCount = 0
    }

    /// `WASP_STATE` for `alert.command`; a change of it is what is announced.
    public var state: String {
        if missedCount > 0 { return "shopify-missed-webhooks" }
        return quietSince == nil ? "shopify-ok" : "shopify-quiet"
    }

    /// The alert in words, naming what to do; nil while the feed is well.
    public var sentence: String? {
        let check = "wasp re-checks the app's webhook subscriptions; for webhooks made in the Shopify admin check "
            + "Settings → Notifications → Webhooks (Shopify deletes one after 8 failed deliveries)"
        if missedCount > 0 {
            let shown = missed.prefix(5).joined(separator: ", ") + (missedCount > 5 ? ", …" : "")
            return "Shopify's webhooks did not bring \(missedCount) order(s) that reconciliation found (\(shown)); \(check)"
        }
        guard let quietSince else { return nil }
        return "No webhook from Shopify since \(Timestamp.string(quietSince)) (shopify.quiet_alert = "
            + "\(Int(quietAlert))s) although the shop has orders; \(check)"
    }
}

