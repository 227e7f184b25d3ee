import Foundation

/// A topic's Markdown as a man page (man(7) macros), for `make install`: headings become sections, fenced code
/// and tables stay as they are written, lists become indented paragraphs. Only the Markdown our pages use.
public enum ManPage {
    public static func roff(_ topic: HelpTopic, version: String, seeAlso: [HelpTopic]) -> String {
        var out = [".TH \(quoted(topic.manName.uppercased())) \(topic.manSection) \"\" \(quoted("wasp " + version)) \"wasp manual\"",
                   ".SH NAME", escaped(topic.manName) + " \\- " + escaped(topic.title)]
        var verbatim = false
        for line in topic.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init) {
            if line.hasPrefix("```") {
                out.append(verbatim ? ".fi\n.RE" : ".PP\n.RS 4\n.nf")
                verbatim.toggle()
            } else if verbatim {
                out.append(literal(line))
            } else {
                out.append(contentsOf: prose(line))
            }
        }
        let others = seeAlso.filter { $0.manName != topic.manName }.map { "\\fB\($0.manName)\\fR(\($0.manSection))" }
        if !others.isEmpty { out.append(contentsOf: [".SH \"SEE ALSO\"", others.joined(separator: ", ")]) }
        return out.joined(separator: "\n") + "\n"
    }

    private static func prose(_ line: String) -> [String] {
        let trimmed = line.drop { $0 == " " }
        if line.hasPrefix("### ") { return [".SS " + quoted(String(line.dropFirst(4)))] }
        if line.hasPrefix("## ") { return [".SH " + quoted(String(line.dropFirst(3)).uppercased())] }
        if trimmed.isEmpty { return [".PP"] }
        if line.hasPrefix("|") { return [".nf", literal(line), ".fi"] }
        if let item = listItem(line) { return [".IP \\(bu 2", inline(item)] }
        return [inline(String(trimmed))]
    }

    /// `- text` or `1. text`, as the paragraph's text.
    private static func listItem(_ line: String) -> String? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return String(line.dropFirst(2)) }
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return String(line.dropFirst(digits.count + 2))
    }

    /// Code spans and bold as bold, `*emphasis*` as italics; nothing inside a code span is markup.
    private static func inline(_ text: String) -> String {
        var result = ""
        var code = false, bold = false, italic = false
        var previous: Character = " "
        var rest = Substring(escaped(text))
        while let next = rest.first {
            let after = rest.dropFirst().first ?? " "
            if next == "`" {
                result += code ? "\\fR" : "\\fB"
                code.toggle()
            } else if !code, rest.hasPrefix("**") {
                result += bold ? "\\fR" : "\\fB"
                bold.toggle()
                rest = rest.dropFirst()
            } else if !code, next == "*", italic ? !previous.isWhitespace : (previous.isWhitespace || previous == "(") && !after.isWhitespace {
                result += italic ? "\\fR" : "\\fI"
                italic.toggle()
            } else {
                result.append(next)
            }
            previous = next
            rest = rest.dropFirst()
        }
        return guardedLine(result + (code || bold || italic ? "\\fR" : ""))
    }

    private static func literal(_ line: String) -> String { guardedLine(escaped(line)) }

    /// Backslashes, and characters past ASCII as groff's `\[uXXXX]` (troff reads bytes, not UTF-8).
    private static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            if scalar == "\\" { return "\\e" }
            if scalar.isASCII { return String(scalar) }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
        }.joined()
    }

    /// A line starting with `.` or `'` would be read as a request.
    private static func guardedLine(_ line: String) -> String {
        line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }

    private static func quoted(_ text: String) -> String {
        "\"" + escaped(text).replacingOccurrences(of: "\"", with: "\\(dq") + "\""
    }
}
