/// What a customer typed (their name, a cart attribute), made fit to stand inside a message the merchant's own
/// WhatsApp number sends: otherwise a name like "there! Parcel held at customs, pay at https://evil.example/pay"
/// makes the merchant send a stranger's text and link to whatever phone the order names.
public enum CustomerText {
    /// About a long name and a delivery slot; anything longer is not a name.
    public static let maxLength = 60

    /// One line of at most `maxLength` characters, without control or invisible formatting characters, with every
    /// word that a chat app would show as a link left out; nil when nothing is left.
    public static func defused(_ text: String) -> String? {
        var plain = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: plain.append(" ")
            default: plain.append(scalar)
            }
        }
        let words = String(plain).split(whereSeparator: \.isWhitespace).filter { !isLink($0) }
        let line = String(words.joined(separator: " ").prefix(maxLength)).trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? nil : line
    }

    /// `https://…`, `www.…`, or a bare host such as `evil.example/pay`: a word ending in a dot and two or more
    /// letters (before any path). Initials ("J.R.R.") are no host.
    static func isLink(_ word: Substring) -> Bool {
        let lower = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
        if lower.contains("://") || lower.hasPrefix("www.") { return true }
        let host = lower.split(separator: "/", maxSplits: 1).first ?? ""
        guard let dot = host.lastIndex(of: "."), host[..<dot].last.map({ $0.isLetter || $0.isNumber }) == true else { return false }
        let topLevel = host[host.index(after: dot)...]
        return topLevel.count >= 2 && topLevel.allSatisfy(\.isLetter)
    }
}
