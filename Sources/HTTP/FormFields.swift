import Foundation

/// `name=value&...` as in a query string or an `application/x-www-form-urlencoded` body: `+` is a space,
/// `%XX` a byte. A name given twice keeps its first value; a bad escape drops that field.
public enum FormFields {
    public static func parse(_ text: some StringProtocol) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { continue }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// The fields in the order given, each name and value escaped: everything but `A-Z a-z 0-9 - . _ ~` as `%XX`.
    public static func encode(_ fields: KeyValuePairs<String, String>) -> String {
        fields.map { escape($0.key) + "=" + escape($0.value) }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static func decode(_ text: some StringProtocol) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension HTTPRequest {
    /// The query string's fields.
    public var query: [String: String] {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? FormFields.parse(parts[1]) : [:]
    }
}
