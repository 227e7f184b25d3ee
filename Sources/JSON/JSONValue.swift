import Foundation

/// Any JSON value. Numbers keep the text they were written with, so an id such as 820982911946154508 or a
/// price such as 534140.00 is never rounded through a Double.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `data` (RFC 8259, nesting at most 64 deep); nil unless it is well-formed JSON.
    public static func parse(_ data: Data) -> JSONValue? {
        data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            return parser.document()
        }
    }

    public subscript(_ key: String) -> JSONValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    /// A non-empty string, or a number's text as written.
    public var text: String? {
        switch self {
        case .string(let value): return value.isEmpty ? nil : value
        case .number(let value): return value
        default: return nil
        }
    }

    public var array: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    public var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    public var bool: Bool {
        if case .bool(let value) = self { return value }
        return false
    }
}
