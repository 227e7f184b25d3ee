import Crypto
import Foundation

/// `etc/tenants/<tenant>.conf`: one merchant's account, Shopify signing keys and message settings.
public struct TenantConfig: Sendable {
    public var tenant: TenantID
    /// The shop's name, for the dashboard's header (the tenant id when absent).
    public var name: String?
    public var email: String?
    public var passwordHash: String?
    /// One or more signing keys; several during a rotation, any one verifies.
    public var shopifySecrets: [String]
    /// When set, `X-Shopify-Shop-Domain` must match it.
    public var shopifyShop: String?
    public var delay: TimeInterval
    public var template: MessageTemplate
    public var defaultCountry: String?
    public var quietHours: QuietHours?
    public var timeZone: TimeZone
    public var minGap: TimeInterval
    /// Messages per day (in the tenant's timezone) at most; more wait in `deferred/` for the next day.
    public var dailyCap: Int
    public var provider: ProviderKind = .web
    /// The Cloud API's settings, when `provider = cloud`.
    public var cloud: CloudSettings?
    public var confirm = ConfirmSettings()
    public var writeback = WritebackSettings()
    /// `shopify.reconcile`: how often the intake asks Shopify for orders whose webhook never came (0: never).
    public var reconcileEvery: TimeInterval = 600
    /// `shopify.quiet_alert`: how long without any webhook, while the shop has orders, before wasp says so (0: never).
    public var quietAlert: TimeInterval = 6 * 3600

    public static func path(etc: String, tenant: TenantID) -> String {
        etc + "/tenants/" + tenant.rawValue + ".conf"
    }

    public static func parse(_ file: ConfigFile, tenant: TenantID) throws(ConfigError) -> TenantConfig {
        var reader = file.reader()
        let secrets = reader.values("shopify.secret")
        if secrets.isEmpty || secrets.contains(where: \.isEmpty) {
            throw reader.error("shopify.secret", "missing; copy the signing key from Shopify's Settings → Notifications → Webhooks")
        }
        var config = TenantConfig(
            tenant: tenant,
            name: try reader.value("name", ConfigValue.text),
            email: try reader.value("email", ConfigValue.text),
            passwordHash: try reader.value("password", Self.passwordHash),
            shopifySecrets: secrets,
            shopifyShop: try reader.value("shopify.shop", ConfigValue.text),
            delay: try reader.value("delay", default: 30 * 60, ConfigValue.duration),
            template: try reader.value("template", default: .standard, MessageTemplate.parse),
            defaultCountry: try reader.value("phone.default_country", ConfigValue.country),
            quietHours: try reader.value("quiet_hours", QuietHours.parse),
            timeZone: try reader.value("timezone", default: TimeZone(identifier: "UTC")!, ConfigValue.timeZone),
            minGap: try reader.value("min_gap", default: 5, ConfigValue.duration),
            dailyCap: try reader.value("daily_cap", default: 1000, ConfigValue.positiveInteger)
        )
        config.confirm = try ConfirmSettings.read(&reader)
        let etc = URL(fileURLWithPath: file.path).deletingLastPathComponent().deletingLastPathComponent().path
        config.writeback = try WritebackSettings.read(&reader, shop: config.shopifyShop, etc: etc)
        config.reconcileEvery = try reader.value("shopify.reconcile", default: config.reconcileEvery, ConfigValue.duration)
        config.quietAlert = try reader.value("shopify.quiet_alert", default: config.quietAlert, ConfigValue.duration)
        if config.confirm.ask && !file.entries.contains(where: { $0.key == "template" }) { config.template = .standardAsking }
        config.provider = try reader.value("provider", default: .web, ProviderKind.parse)
        if config.provider == .cloud {
            config.cloud = try CloudSettings.read(&reader, etc: etc)
        } else {
            // Kept while the tenant is back on WhatsApp Web, so switching provider is one line.
            CloudSettings.keys.forEach { _ = reader.values($0) }
        }
        try reader.rejectUnknownKeys()
        return config
    }

    private static func passwordHash(_ text: String) -> Result<String, ValueProblem> {
        PasswordHash(encoded: text) == nil
            ? .failure("not a scrypt hash; set it with 'wasp tenant passwd'") : .success(text)
    }
}

/// A daily window, e.g. `21:00-08:00`, in which no message is sent; it may wrap past midnight.
public struct QuietHours: Sendable, Equatable {
    /// Minutes after midnight.
    public let start: Int
    public let end: Int

    public static func parse(_ text: String) -> Result<QuietHours, ValueProblem> {
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]), start != end else {
            return .failure("'\(text)' is not a window like 21:00-08:00")
        }
        return .success(QuietHours(start: start, end: end))
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0..<24).contains(hours), (0..<60).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }
}
