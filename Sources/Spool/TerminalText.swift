/// Text from customers or the network made safe to print on an operator's terminal or into a log: every control
/// character (C0, DEL, C1) and the Unicode line and paragraph separators become visible escapes (`\n`, `\r`,
/// `\t`, `\x1b`, `\u{2028}`), so a customer's name can neither write the clipboard (OSC 52), hide text, overwrite a
/// line with a carriage return nor forge a log line.
public enum TerminalText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x100: escaped += "\\x" + hex(scalar.value, digits: 2)
            default: escaped += "\\u{" + hex(scalar.value, digits: 4) + "}"
            }
        }
        return escaped
    }

    /// A control character, or U+2028/U+2029, which some terminals and log viewers take as a line break.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
