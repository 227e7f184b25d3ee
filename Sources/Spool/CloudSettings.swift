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

    static let keys = ["cloud.phone_number_id", "cloud.token_file", "cloud.template", "cloud.language", "cloud.parameters"]

    static func read(_ reader: inout ConfigReader, etc: String) throws(ConfigError) -> CloudSettings {
        func required(_ key: String, _ what: String) throws(ConfigError) -> String {
            guard let value = try reader.value(key, ConfigValue.text), !value.isEmpty else {
                throw reader.error(key, "missing; provider = cloud needs \(what)")
            }
            return value
        }
        let phoneNumberID = try required("cloud.phone_number_id", "the phone number id Meta shows under WhatsApp → API setup")
        guard phoneNumberID.allSatisfy(\.isNumber) else { throw reader.error("cloud.phone_number_id", "digits only, as Meta shows it") }
        let tokenFile = try required("cloud.token_file", "a file under etc/ holding the access token")
        let path = tokenFile.hasPrefix("/") ? tokenFile : etc + "/" + tokenFile
        let inside = URL(fileURLWithPath: path).standardized.path.hasPrefix(URL(fileURLWithPath: etc).standardized.path + "/")
        guard inside else { throw reader.error("cloud.token_file", "must be a file under \(etc)/") }
        let parameters = try reader.value("cloud.parameters", default: [], Self.parameters)
        return CloudSettings(phoneNumberID: phoneNumberID, tokenFile: path,
                             template: try required("cloud.template", "the name of an approved utility template"),
                             language: try required("cloud.language", "the template's language code, e.g. en_US"),
                             parameters: parameters)
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
