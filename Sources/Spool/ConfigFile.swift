import Foundation

/// A parsed `key = value` file in the style of Postfix's main.cf: `#` starts a comment, blank lines are ignored.
/// Reading is by key; whatever was not read is an unknown key, reported with its line.
public struct ConfigFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let value: String
        public let line: Int
    }

    public let path: String
    public private(set) var entries: [Entry]

    /// With `skippingMalformedLines`, a line that is not `key = value` is left out instead of failing the file:
    /// for reading what can be read of a file that is known to be broken.
    public init(path: String, text: String, skippingMalformedLines: Bool = false) throws(ConfigError) {
        self.path = path
        entries = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let equals = line.firstIndex(of: "=")
            let key = equals.map { line[..<$0].trimmingCharacters(in: .whitespaces) } ?? ""
            guard let equals, !key.isEmpty else {
                if skippingMalformedLines { continue }
                throw ConfigError(file: path, line: index + 1, problem: equals == nil ? "expected 'key = value', found '\(line)'"
                                                                                      : "a value with no key")
            }
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            entries.append(Entry(key: key, value: value, line: index + 1))
        }
    }

    /// Reads and parses `path`; a missing file is an error naming it.
    public static func load(_ path: String) throws(ConfigError) -> ConfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, problem: "cannot be read (\(Self.reason(error)))")
        }
        return try ConfigFile(path: path, text: text)
    }

    /// A reader that hands out values by key and then reports the keys nobody asked for.
    public func reader() -> ConfigReader { ConfigReader(file: self) }

    /// `value`, checked before it is written as `key`'s value into `file`: a control character is refused, since a
    /// line break would start a line of the writer's choosing (an email that adds a second `shopify.secret`).
    public static func writable(_ value: String, key: String, file: String) throws(ConfigError) -> String {
        guard let control = value.unicodeScalars.first(where: TerminalText.needsEscape) else { return value }
        throw ConfigError(file: file, key: key, problem: "the value holds a control character (\(TerminalText.escaped(String(control))))"
                          + " in \"\(TerminalText.escaped(value))\"; give it on one line, without control characters")
    }

    /// The file's text with `key` set to `value`: the existing line is replaced in place, keeping comments
    /// and order, or a line is appended.
    public static func text(_ original: String, setting key: String, to value: String) -> String {
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let replacement = "\(key) = \(value)"
        if let index = lines.firstIndex(where: { line in
            line.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) == key
        }) {
            lines[index] = replacement
        } else {
            lines.append(replacement)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

/// Typed access to a `ConfigFile`'s values; each failure names file, line and key.
public struct ConfigReader {
    let file: ConfigFile
    private var used: Set<String> = []

    init(file: ConfigFile) {
        self.file = file
    }

    /// All values of a key that may repeat (like `shopify.secret` during a rotation).
    public mutating func values(_ key: String) -> [String] {
        used.insert(key)
        return file.entries.filter { $0.key == key }.map(\.value)
    }

    /// The single value of `key`, parsed; nil when absent.
    public mutating func value<T>(_ key: String, _ parse: (String) -> Result<T, ValueProblem>) throws(ConfigError) -> T? {
        used.insert(key)
        let matches = file.entries.filter { $0.key == key }
        guard let entry = matches.last else { return nil }
        if matches.count > 1 {
            throw ConfigError(file: file.path, line: entry.line, key: key,
                              problem: "set twice (also on line \(matches[0].line)); keep one")
        }
        switch parse(entry.value) {
        case .success(let value): return value
        case .failure(let problem): throw ConfigError(file: file.path, line: entry.line, key: key, problem: problem.text)
        }
    }

    public mutating func value<T>(_ key: String, default fallback: T,
                                  _ parse: (String) -> Result<T, ValueProblem>) throws(ConfigError) -> T {
        try value(key, parse) ?? fallback
    }

    /// Fails on the first key no `value`/`values` call asked for.
    public func rejectUnknownKeys() throws(ConfigError) {
        if let unknown = file.entries.first(where: { !used.contains($0.key) }) {
            throw ConfigError(file: file.path, line: unknown.line, key: unknown.key, problem: "unknown key")
        }
    }

    public func error(_ key: String, _ problem: String) -> ConfigError {
        ConfigError(file: file.path, line: file.entries.last { $0.key == key }?.line, key: key, problem: problem)
    }
}
