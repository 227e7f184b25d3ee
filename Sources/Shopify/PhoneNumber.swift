import Spool

/// Normalises a phone number as a customer typed it into E.164 (`+15024592181`), or says why it cannot be
/// done without guessing. The reasons never quote the number: they go into logs, which hold masked numbers only.
public enum PhoneNumber {
    /// `country` (ISO 3166 alpha-2) interprets a nationally written number: its trunk prefix is dropped and its
    /// calling code put in front.
    public static func normalise(_ written: String, country: String?) -> Result<String, ValueProblem> {
        let trimmed = written.trimmingSpaces
        if trimmed.isEmpty { return .failure("is empty") }
        if trimmed.contains(where: \.isLetter) { return .failure("contains letters") }
        let separators: Set<Character> = [" ", "-", ".", "(", ")", "/", "\u{00A0}"]
        let body = trimmed.hasPrefix("+") ? trimmed.dropFirst() : trimmed[...]
        if let odd = body.first(where: { !$0.isASCIIDigit && !separators.contains($0) }) {
            return .failure("has an unexpected '\(odd)'")
        }
        let digits = String(body.filter(\.isASCIIDigit))
        let international: String
        if trimmed.hasPrefix("+") {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else {
            guard let country, let calling = CallingCodes.byCountry[country] else {
                return .failure("is written nationally and the order names no country")
            }
            international = nationalToInternational(digits, calling)
        }
        guard (8...15).contains(international.count), !international.hasPrefix("0") else {
            return .failure("does not make a valid international number (8 to 15 digits)")
        }
        if international.hasPrefix("1") && !isValidNorthAmerican(international) {
            return .failure("is not a valid North American number (area code and exchange start with 2-9)")
        }
        return .success("+" + international)
    }

    /// NANP numbers are 1 + area code + exchange + line; neither area code nor exchange starts with 0 or 1.
    private static func isValidNorthAmerican(_ digits: String) -> Bool {
        let digits = Array(digits.utf8)
        let twoToNine = UInt8(ascii: "2")...UInt8(ascii: "9")
        return digits.count == 11 && twoToNine.contains(digits[1]) && twoToNine.contains(digits[4])
    }

    private static func nationalToInternational(_ digits: String, _ calling: CallingCode) -> String {
        if calling.code == "1" && digits.count == 11 && digits.hasPrefix("1") { return digits }
        if !calling.trunkPrefix.isEmpty && digits.hasPrefix(calling.trunkPrefix) {
            return calling.code + digits.dropFirst(calling.trunkPrefix.count)
        }
        return calling.code + digits
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
