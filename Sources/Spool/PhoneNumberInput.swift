import Foundation

/// A merchant's own number as typed for linking by phone number: `+`, a country code and the number, with any
/// spaces, dashes, dots or brackets between (`+49 151 1234-5678`). WhatsApp needs the country code, so a number
/// without `+` is refused rather than guessed.
public enum PhoneNumberInput {
    /// `+` and 8 to 15 digits, or nil.
    public static func e164(_ typed: String) -> String? {
        let text = typed.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("+") else { return nil }
        let rest = text.dropFirst()
        guard rest.allSatisfy({ $0.isASCII && ($0.isNumber || " -.()".contains($0)) }) else { return nil }
        let digits = rest.filter(\.isNumber)
        return (8...15).contains(digits.count) && digits.first != "0" ? "+" + digits : nil
    }
}
