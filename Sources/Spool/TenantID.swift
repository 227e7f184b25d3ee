/// A tenant's id: `[a-z0-9][a-z0-9_-]{0,31}`. Anything else never reaches the file system.
public struct TenantID: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Nil unless `candidate` is a valid tenant id, so `..`, `%2e%2e` or `5/x` can never name a directory.
    public init?(_ candidate: some StringProtocol) {
        let bytes = Array(candidate.utf8)
        guard (1...32).contains(bytes.count), Self.isLeading(bytes[0]),
              bytes.dropFirst().allSatisfy(Self.isFollowing)
        else { return nil }
        rawValue = String(candidate)
    }

    public var description: String { rawValue }

    public static func < (lhs: TenantID, rhs: TenantID) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func isLeading(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isFollowing(_ byte: UInt8) -> Bool {
        isLeading(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

/// A Shopify order id as decimal digits. Kept as text end to end: ids exceed 2^53 and must never pass through a Double.
public struct OrderID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Nil unless `candidate` is 1 to 20 ASCII digits, so it is always a safe file name.
    public init?(_ candidate: some StringProtocol) {
        guard (1...20).contains(candidate.utf8.count),
              candidate.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        rawValue = String(candidate)
    }

    public var description: String { rawValue }

    /// The order's file name in every state directory.
    public var fileName: String { rawValue + ".json" }
}

extension OrderID {
    /// The id of an order file's name, `<id>.json`; nil for any other name.
    public init?(fileName: String) {
        guard fileName.hasSuffix(".json") else { return nil }
        self.init(fileName.dropLast(5))
    }
}
