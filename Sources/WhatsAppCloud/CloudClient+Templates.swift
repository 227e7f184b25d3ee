import Foundation
import HTTP
import JSON

/// A message template as Meta's Graph API shows it: `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, …, and
/// `UTILITY`, `MARKETING` or `AUTHENTICATION` (Meta may move an approved utility template to marketing, which
/// changes its price).
public struct TemplateStanding: Sendable, Equatable {
    public let status: String
    public let category: String
}

extension CloudClient {
    /// The template `name` in `language` of the WhatsApp Business Account (`GET /<WABA-ID>/message_templates?name=`),
    /// nil when the account has none such, or Meta's words when it could not be asked.
    public func template(_ name: String, language: String, businessAccountID: String,
                         token: String) -> Result<TemplateStanding?, CloudLookupError> {
        guard let endpoint else { return .failure(CloudLookupError("cloud.api_url is not an http:// or https:// URL")) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = "name=" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)
        let response: HTTPClient.Response
        do throws(HTTPError) {
            response = try endpoint.connect(timeout: timeout).send(
                "GET", endpoint.path + "/" + businessAccountID + "/message_templates?" + query,
                headers: [("Authorization", "Bearer " + token), ("Accept", "application/json")])
        } catch {
            return .failure(CloudLookupError("Meta's API could not be reached (\(error.description))"))
        }
        let json = JSONValue.parse(response.body) ?? .null
        guard response.status == 200 else {
            let said = json["error"]["message"].string ?? "no reason given"
            return .failure(CloudLookupError("Meta answered HTTP \(response.status): \(said)"))
        }
        let entry = json["data"].array.first { $0["name"].string == name && $0["language"].string == language }
        return .success(entry.map { TemplateStanding(status: $0["status"].string ?? "?", category: $0["category"].string ?? "?") })
    }
}

/// Why Meta could not be asked about a template, in words.
public struct CloudLookupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
