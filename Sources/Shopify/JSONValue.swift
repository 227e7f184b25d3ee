import Foundation

/// Any JSON value, decoded without losing integer precision: an id such as 820982911946154508 stays exact.
public enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `data`; nil unless it is well-formed JSON.
    public static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    public subscript(_ key: String) -> JSONValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    /// A non-empty string, or a number written as text (money and ids stay decimal text).
    public var text: String? {
        switch self {
        case .string(let value): return value.isEmpty ? nil : value
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
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
