import Foundation
import JSON
import Shopify
import Spool

/// What the Settings tab and `/api/v1/admin/settings` show of a tenant's configuration: never the Shopify secret
/// nor the password hash.
struct TenantSettings {
    let tenant: TenantID
    let email: String
    let webhooks: [(topic: String, url: String)]
    let delay: String
    let template: String
    let example: String
    let quietHours: String
    let timeZone: String
    let minGap: String
    let dailyCap: Int
    let provider: ProviderKind
    /// For the Cloud API: the template and language, and the callback URL for Meta's app settings; never the
    /// token nor the app secret.
    let cloud: (template: String, language: String, callbackURL: String)?
    /// Whether customers are asked to confirm, in words, and whether their answers reach Shopify.
    let asking: String
    let writeback: String

    init(_ config: TenantConfig, publicURL: String) {
        tenant = config.tenant
        email = config.email ?? ""
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        webhooks = ShopifyTopic.allCases.map { ($0.rawValue, base + "/webhooks/" + config.tenant.rawValue + "/" + $0.rawValue) }
        delay = Self.duration(config.delay)
        template = config.template.text
        var sample = OrderRecord.sample(tenant: config.tenant, id: "820982911946154508")
        sample.customer.name = "Jane Doe"
        example = config.template.render(sample)
        quietHours = config.quietHours.map { Self.clock($0.start) + "-" + Self.clock($0.end) } ?? "none"
        timeZone = config.timeZone.identifier
        minGap = Self.duration(config.minGap)
        dailyCap = config.dailyCap
        provider = config.provider
        cloud = config.cloud.map { ($0.template, $0.language, base + "/whatsapp/" + config.tenant.rawValue) }
        let confirm = config.confirm
        asking = !confirm.ask ? "no (the message only tells)"
            : "yes; a reminder after \(confirm.reminder > 0 ? Self.duration(confirm.reminder) : "never"), no answer after \(Self.duration(confirm.expire))"
                + (confirm.rules.summary.map { "; " + $0 } ?? "")
        writeback = !config.writeback.isEnabled ? "no (answers stay here)"
            : "tags " + config.writeback.tags.joined(separator: ", ") + (config.writeback.cancel ? "; a customer's cancel cancels the order" : "")
    }

    var json: JSONValue {
        ["tenant": .string(tenant.rawValue), "email": .string(email),
         "webhooks": .object(Dictionary(uniqueKeysWithValues: webhooks.map { ($0.topic, JSONValue.string($0.url)) })),
         "delay": .string(delay), "template": .string(template), "example": .string(example),
         "quiet_hours": .string(quietHours), "timezone": .string(timeZone), "min_gap": .string(minGap),
         "daily_cap": .number(String(dailyCap)), "provider": .string(provider.rawValue),
         "asking": .string(asking), "writeback": .string(writeback),
         "cloud": cloud.map { ["template": .string($0.template), "language": .string($0.language),
                               "callback_url": .string($0.callbackURL)] } ?? .null]
    }

    /// `30m`, `1h30m`, `45s`, `0s`: in the configuration files' units, combined where one does not fit.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        let parts = [(total / 3600, "h"), (total % 3600 / 60, "m"), (total % 60, "s")].filter { $0.0 > 0 }
        return parts.isEmpty ? "0s" : parts.map { "\($0.0)\($0.1)" }.joined()
    }

    private static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
