import Foundation

/// How a tenant's messages reach WhatsApp: its own WhatsApp Web, linked by QR code (`web`), or Meta's Cloud API
/// with an approved template (`cloud`). Chosen by the tenant key `provider`.
public enum ProviderKind: String, Sendable, Equatable {
    case web, cloud

    static func parse(_ text: String) -> Result<ProviderKind, ValueProblem> {
        ProviderKind(rawValue: text).map(Result.success) ?? .failure("'\(text)' is not a provider; write web or cloud")
    }
}

/// A tenant's `cloud.*` keys: the business phone number's id at Meta, the file holding the access token (under
/// `etc/`, mode 0600; the token itself is never in a `.conf`), the approved utility template, its language, and
/// its body parameters as message placeholders, in order.
public struct CloudSettings: Sendable, Equatable {
    public var phoneNumberID: String
    public var tokenFile: String
    public var template: String
    public var language: String
    public var parameters: [MessageTemplate]
    /// For Meta's callbacks: the file holding the app secret that signs them, and the token of the handshake.
    public var appSecretFile: String?
    public var verifyToken: String?
    /// The WhatsApp Business Account holding the template, for `wasp doctor` to ask Meta about its review and category.
    public var businessAccountID: String?

    /// The topic of Meta's callbacks in `events/` (Shopify's topics have no `whatsapp/`).
    public static let callbackTopic = "whatsapp/callback"

    static let keys = ["cloud.phone_number_id", "cloud.token_file", "cloud.template", "cloud.language", "cloud.parameters",
                       "cloud.app_secret_file", "cloud.verify_token",
                       "cloud.business_account_id"]

    static func read(_ reader: inout ConfigReader, etc: String) throws(ConfigError) -> CloudSettings {
        func required(_ key: String, _ what: String) throws(ConfigError) -> String {
            guard let value = try reader.value(key, ConfigValue.text), !value.isEmpty else {
                throw reader.error(key, "missing; provider = cloud needs \(what)")
            }
            return value
        }
        let phoneNumberID = try required("cloud.phone_number_id", "the phone number id Meta shows under WhatsApp → API setup")
        guard phoneNumberID.allSatisfy(\.isNumber) else { throw reader.error("cloud.phone_number_id", "digits only, as Meta shows it") }
        let tokenFile = try secretFile(try required("cloud.token_file", "a file under etc/ holding the access token"),
                                       key: "cloud.token_file", etc: etc, &reader)
        var settings = CloudSettings(phoneNumberID: phoneNumberID, tokenFile: tokenFile,
                                     template: try required("cloud.template", "the name of an approved utility template"),
                                     language: try required("cloud.language", "the template's language code, e.g. en_US"),
                                     parameters: try reader.value("cloud.parameters", default: [], Self.parameters))
        if let file = try reader.value("cloud.app_secret_file", ConfigValue.text) {
            settings.appSecretFile = try secretFile(file, key: "cloud.app_secret_file", etc: etc, &reader)
        }
        settings.verifyToken = try reader.value("cloud.verify_token", ConfigValue.text)
        settings.businessAccountID = try reader.value("cloud.business_account_id", ConfigValue.text)
        if let id = settings.businessAccountID, id.isEmpty || !id.allSatisfy(\.isNumber) {
            throw reader.error("cloud.business_account_id", "digits only, as WhatsApp Manager shows the account's id")
        }
        return settings
    }

    /// A secret's file, relative to `etc/` or absolute, and either way inside it.
    static func secretFile(_ value: String, key: String, etc: String, _ reader: inout ConfigReader) throws(ConfigError) -> String {
        let path = value.hasPrefix("/") ? value : etc + "/" + value
        guard URL(fileURLWithPath: path).standardized.path.hasPrefix(URL(fileURLWithPath: etc).standardized.path + "/") else {
            throw reader.error(key, "must be a file under \(etc)/")
        }
        return path
    }

    /// `{customer_name}, {order_name}, {currency} {total_price}`: one template per body parameter.
    static func parameters(_ text: String) -> Result<[MessageTemplate], ValueProblem> {
        var templates: [MessageTemplate] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            switch MessageTemplate.parse(part) {
            case .success(let template): templates.append(template)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(templates)
    }
}
