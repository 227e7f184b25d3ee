import Foundation
import Glibc

/// One line per event on stderr: `<time> <daemon>: key=value ... <message>`, with fixed keys first (tenant, order).
/// The time (RFC 3339, UTC, to the millisecond) is left out under systemd (`JOURNAL_STREAM` set), whose journal
/// stamps each line itself. Each line is a single `write` so lines from many threads never interleave.
public struct Log: Sendable {
    public let daemon: String

    public init(_ daemon: String) {
        self.daemon = daemon
    }

    public func event(_ message: String, tenant: TenantID? = nil, order: String? = nil,
                      _ fields: KeyValuePairs<String, String> = [:]) {
        write(message, tenant: tenant, order: order, fields.map { ($0.key, $0.value) })
    }

    /// A condition a loop meets again and again until someone acts (a read-only disk, a file that cannot be
    /// read): logged the first time, then at most once a minute per message and tenant, with how many times it
    /// was met in between (`repeated=N`).
    public func repeating(_ message: String, tenant: TenantID? = nil, order: String? = nil,
                          _ fields: KeyValuePairs<String, String> = [:]) {
        guard let repeated = Self.repeats.admit(daemon + " " + message + " " + (tenant?.rawValue ?? ""), now: Date()) else { return }
        write(message, tenant: tenant, order: order, fields.map { ($0.key, $0.value) } + (repeated > 0 ? [("repeated", "\(repeated)")] : []))
    }

    static let repeats = RepeatFilter(interval: 60)

    static let isStamped = getenv("JOURNAL_STREAM") == nil

    func write(_ message: String, tenant: TenantID?, order: String?, _ fields: [(String, String)]) {
        var line = (Self.isStamped ? Timestamp.precise(Date()) + " " : "") + daemon + ":"
        if let tenant { line += " tenant=" + tenant.rawValue }
        if let order { line += " order=" + Self.quoted(order) }
        line += " " + TerminalText.escaped(message)
        for (key, value) in fields { line += " \(key)=\(Self.quoted(value))" }
        line += "\n"
        _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }

    /// Masks all but the last four digits of a phone number, as logs must never hold a customer's number.
    public static func masked(phone: String) -> String {
        String(repeating: "*", count: max(0, phone.count - 4)) + phone.suffix(4)
    }

    /// `text` (words a page showed) with each run of 7 or more digits, spaces, dashes or dots between them, masked
    /// but its last 4 digits: WhatsApp's notices may quote the number they are about.
    public static func masked(numbersIn text: String) -> String {
        var result = ""
        var run = ""
        func flush() {
            let digits = run.filter(\.isNumber).count
            result += digits >= 7 ? maskedDigits(run) : run
            run = ""
        }
        for character in text {
            if character.isASCII && (character.isNumber || (!run.isEmpty && " -.".contains(character))) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// Every digit but the last 4 of `run` as `*`, its separators kept.
    private static func maskedDigits(_ run: String) -> String {
        var keep = 4
        return String(run.reversed().map { character -> Character in
            guard character.isNumber else { return character }
            keep -= 1
            return keep >= 0 ? character : "*"
        }.reversed())
    }

    /// A value as one token of the line: quoted when it holds a blank, quote, `=` or anything `TerminalText`
    /// escapes, which could otherwise forge a field, a line or a terminal command.
    private static func quoted(_ value: String) -> String {
        if !value.isEmpty && !value.unicodeScalars.contains(where: { " \"=\\".unicodeScalars.contains($0) || TerminalText.needsEscape($0) }) {
            return value
        }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + TerminalText.escaped(escaped) + "\""
    }
}
