import Foundation

/// `spool/<tenant>/writeback/<order id>-<time>.json`: what a customer's answer (or its absence) writes onto the
/// Shopify order. The scheduler deposits one per decisive change; `wasp writeback` removes it only once Shopify
/// has answered success. Its mtime is when to try next, as in `deferred/`.
public struct WritebackJob: Codable, Sendable, Equatable {
    public var orderID: String
    public var addTags: [String]
    public var removeTags: [String]
    /// With `writeback.cancel = yes` and the customer's cancel: Shopify's orderCancel too.
    public var cancel: Bool
    public var createdAt: String
    /// Shopify's tries so far, and the last problem, for `wasp status` and the order's page.
    public var tries: Int = 0
    public var problem: String? = nil
    /// Shopify's job cancelling the order (orderCancel is asynchronous): the cancel is done only once the order
    /// shows `cancelledAt`, and is not asked for again meanwhile.
    public var cancelJob: String? = nil

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id", addTags = "add_tags", removeTags = "remove_tags", cancel
        case createdAt = "created_at", tries, problem, cancelJob = "cancel_job"
    }

    public init(orderID: String, addTags: [String], removeTags: [String], cancel: Bool, createdAt: String) {
        self.orderID = orderID
        self.addTags = addTags
        self.removeTags = removeTags
        self.cancel = cancel
        self.createdAt = createdAt
    }

    /// The job for an answer's meaning: its tag added, the other two removed, so a change of mind reads right.
    public static func forAnswer(_ outcome: WritebackSettings.Outcome, orderID: String, settings: WritebackSettings,
                                 at: Date) -> WritebackJob {
        let tag = settings.tag(for: outcome)
        return WritebackJob(orderID: orderID, addTags: [tag], removeTags: settings.tags.filter { $0 != tag },
                            cancel: outcome == .cancelled && settings.cancel, createdAt: nanoseconds(at))
    }

    /// Sorts by order, then by when it was decided (to the nanosecond): the daemon applies one order's jobs in
    /// the order of the decisions.
    public var fileName: String { orderID + "-" + createdAt.filter { $0.isNumber } + ".json" }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }

    public static func decode(_ data: Data) -> WritebackJob? {
        try? JSONDecoder().decode(WritebackJob.self, from: data)
    }
}

/// A tenant's `shopify.admin_*`, `shopify.client_*` and `writeback.*` keys: where Shopify's Admin API is, how
/// wasp gets its access token (a file holding one, or a Dev Dashboard app's client ID and secret), the three tags,
/// and whether a customer's cancel also cancels the order in Shopify.
public struct WritebackSettings: Sendable, Equatable {
    public enum Outcome: Sendable { case confirmed, cancelled, noAnswer }

    /// The newest stable Admin API version; Shopify serves each for at least 12 months.
    public static let newestAPIVersion = "2026-10"

    /// A legacy admin custom app's `shpat_` token, pasted into a file.
    public var tokenFile: String?
    /// A Dev Dashboard app's client ID and the file holding its client secret: wasp mints its own tokens.
    public var clientID: String?
    public var clientSecretFile: String?
    public var apiVersion = Self.newestAPIVersion
    /// The GraphQL endpoint; nil until `shopify.shop`, `shopify.base_url` or `shopify.admin_url` names one.
    public var adminURL: String?
    /// Where the client-credentials grant is asked for: `<shopify.base_url>/admin/oauth/access_token`.
    public var tokenURL: String?
    /// confirmed, cancel requested, no answer.
    public var tags = ["wasp-confirmed", "wasp-cancel-requested", "wasp-no-answer"]
    public var cancel = false

    public init() {}

    /// False when the tenant has not given wasp a way to the Admin API: its answers stay in the spool only.
    public var isEnabled: Bool { (tokenFile != nil || usesClientCredentials) && adminURL != nil }

    /// The token comes from the client-credentials grant rather than a file.
    public var usesClientCredentials: Bool { clientID != nil && clientSecretFile != nil && tokenURL != nil }

    public func tag(for outcome: Outcome) -> String {
        switch outcome {
        case .confirmed: return tags[0]
        case .cancelled: return tags[1]
        case .noAnswer: return tags[2]
        }
    }

    static func read(_ reader: inout ConfigReader, shop: String?, etc: String) throws(ConfigError) -> WritebackSettings {
        var settings = WritebackSettings()
        if let file = try reader.value("shopify.admin_token_file", ConfigValue.text) {
            settings.tokenFile = try CloudSettings.secretFile(file, key: "shopify.admin_token_file", etc: etc, &reader)
        }
        settings.clientID = try reader.value("shopify.client_id", ConfigValue.text)
        if let file = try reader.value("shopify.client_secret_file", ConfigValue.text) {
            settings.clientSecretFile = try CloudSettings.secretFile(file, key: "shopify.client_secret_file", etc: etc, &reader)
        }
        switch (settings.clientID, settings.clientSecretFile) {
        case (nil, _?): throw reader.error("shopify.client_secret_file", "needs shopify.client_id (the Dev Dashboard app's Client ID)")
        case (_?, nil): throw reader.error("shopify.client_id", "needs shopify.client_secret_file (a 0600 file under etc/ holding the app's Client secret)")
        case (_?, _?) where settings.tokenFile != nil:
            throw reader.error("shopify.admin_token_file", "set either it or shopify.client_id with shopify.client_secret_file, not both")
        default: break
        }
        settings.apiVersion = try reader.value("shopify.api_version", default: settings.apiVersion, Self.apiVersion)
        let base = try reader.value("shopify.base_url", ConfigValue.url) ?? shop.map { "https://\($0)" }
        settings.adminURL = try reader.value("shopify.admin_url", ConfigValue.url)
            ?? base.map { "\($0)/admin/api/\(settings.apiVersion)/graphql.json" }
        settings.tokenURL = base.map { "\($0)/admin/oauth/access_token" }
        settings.tags = try reader.value("writeback.tags", default: settings.tags, threeTags)
        settings.cancel = try reader.value("writeback.cancel", default: false, ConfirmSettings.yesOrNo)
        return settings
    }

    /// `2026-10`, or `unstable`.
    private static func apiVersion(_ text: String) -> Result<String, ValueProblem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let isDated = parts.count == 2 && parts[0].count == 4 && parts[1].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard isDated || text == "unstable" else {
            return .failure("'\(text)' is not an Admin API version like \(newestAPIVersion)")
        }
        return .success(text)
    }

    private static func threeTags(_ text: String) -> Result<[String], ValueProblem> {
        let tags = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.count == 3, tags.allSatisfy({ !$0.isEmpty && $0.count <= 40 }), Set(tags).count == 3 else {
            return .failure("write three different tags: confirmed, cancel requested, no answer")
        }
        return .success(tags)
    }
}

/// `2026-12-01T10:00:00.123456789Z`: jobs decided within one second still sort (and are named) apart.
private func nanoseconds(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970.rounded(.down)
    let fraction = String(format: "%09d", Int((date.timeIntervalSince1970 - seconds) * 1e9))
    return String(Timestamp.string(Date(timeIntervalSince1970: seconds)).dropLast()) + "." + fraction + "Z"
}

extension Spool {
    /// The order's answer on its way to Shopify, in words, for the order's page and `wasp show`: refused (with
    /// Shopify's reason), waiting after a problem, or queued; nil when nothing waits for it.
    public func writebackStanding(of orderID: String, tenant: TenantID) -> String? {
        let jobs = list(tenant, .writeback).filter { $0.name.hasPrefix(orderID + "-") }.sorted { $0.name < $1.name }
        guard let last = jobs.last else { return nil }
        let job = (try? read(last.name, tenant: tenant, in: .writeback)).flatMap(WritebackJob.decode)
        let tags = job.map { " (" + $0.addTags.joined(separator: ", ") + ")" } ?? ""
        if last.name.hasSuffix(".failed") { return "Shopify refused it\(tags): " + (job?.problem ?? "no reason kept") }
        if let problem = job?.problem { return "waiting for Shopify\(tags) after \(job!.tries) tries; last: \(problem)" }
        return "on its way to Shopify\(tags)"
    }
}
