import Foundation
import Glibc

/// Parsers for configuration values; each failure says what was expected.
public enum ConfigValue {
    /// `30s`, `30m`, `2h`, `3d` or `0`, as seconds, at most 3650 days: dates are computed from durations and then
    /// written as RFC 3339 or handed to the kernel as whole seconds, which a longer one would overflow.
    public static func duration(_ text: String) -> Result<TimeInterval, ValueProblem> {
        duration(text, atMost: 3650 * 86400, written: "3650d")
    }

    /// A duration of at most an hour: the HTTP server passes a timeout to poll(2) as 32-bit milliseconds, which
    /// 25 days would overflow, and no peer deserves more than an hour anyway.
    public static func timeout(_ text: String) -> Result<TimeInterval, ValueProblem> {
        duration(text, atMost: 3600, written: "1h")
    }

    private static func duration(_ text: String, atMost limit: TimeInterval,
                                 written limitText: String) -> Result<TimeInterval, ValueProblem> {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if text == "0" { return .success(0) }
        guard let unit = text.last, let scale = units[unit], let amount = Double(text.dropLast()), amount >= 0,
              amount.isFinite
        else { return .failure("'\(text)' is not a duration; write e.g. 90s, 30m, 2h or 3d") }
        guard amount * scale <= limit else { return .failure("'\(text)' is too long; at most \(limitText)") }
        return .success(amount * scale)
    }

    /// `5242880`, `512K` or `5M`, as bytes, at most 1G: a body of that size is held in memory whole.
    public static func size(_ text: String) -> Result<Int, ValueProblem> {
        bytes(text, atMost: 1 << 30, written: "1G")
    }

    /// `3G`, `512M`: memory for browsers, at most 1T.
    public static func memory(_ text: String) -> Result<Int, ValueProblem> {
        bytes(text, atMost: 1 << 40, written: "1T")
    }

    private static func bytes(_ text: String, atMost limit: Int, written limitText: String) -> Result<Int, ValueProblem> {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        let bytes: Int
        if let plain = Int(text), plain > 0 {
            bytes = plain
        } else if let unit = text.last, let scale = units[unit], let amount = Int(text.dropLast()), amount > 0 {
            let (product, overflow) = amount.multipliedReportingOverflow(by: scale)
            bytes = overflow ? .max : product
        } else {
            return .failure("'\(text)' is not a size; write e.g. 5M, 512K or 1048576")
        }
        guard bytes <= limit else { return .failure("'\(text)' is too large; at most \(limitText)") }
        return .success(bytes)
    }

    public static func positiveInteger(_ text: String) -> Result<Int, ValueProblem> {
        guard let number = Int(text), number > 0 else { return .failure("'\(text)' is not a positive whole number") }
        return .success(number)
    }

    /// A whole number from 1 to `limit`, for counts that become threads or processes.
    public static func positiveInteger(atMost limit: Int) -> (String) -> Result<Int, ValueProblem> {
        { text in
            positiveInteger(text).flatMap { number in
                number <= limit ? .success(number) : .failure("'\(text)' is too many; at most \(limit)")
            }
        }
    }

    public static func text(_ text: String) -> Result<String, ValueProblem> {
        text.isEmpty ? .failure("is empty") : .success(text)
    }

    /// `127.0.0.1, ::1`: IP addresses, as a peer's address is written.
    public static func addresses(_ text: String) -> Result<Set<String>, ValueProblem> {
        var addresses: Set<String> = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            var v4 = in_addr(), v6 = in6_addr()
            guard inet_pton(AF_INET, part, &v4) == 1 || inet_pton(AF_INET6, part, &v6) == 1 else {
                return .failure("'\(part)' is not an IP address (e.g. 127.0.0.1)")
            }
            addresses.insert(part)
        }
        return .success(addresses)
    }

    /// A shard's name, written like a tenant id.
    public static func shardName(_ text: String) -> Result<String, ValueProblem> {
        TenantID(text) == nil ? .failure("'\(text)' is not a shard name: a-z, 0-9, - and _, as in etc/shards") : .success(text)
    }

    /// The start of the daemons' user names: `wasp` gives `wasp-intake` ... and the groups `wasp`, `wasp-queue`.
    public static func userPrefix(_ text: String) -> Result<String, ValueProblem> {
        let allowed = text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }
        guard allowed, let first = text.utf8.first, (97...122).contains(first), text.utf8.count <= 16 else {
            return .failure("'\(text)' is not a user name prefix: a lowercase letter, then up to 15 of a-z 0-9 - _ (e.g. wasp)")
        }
        return .success(text)
    }

    /// `host:port` or `[v6]:port`; port 0 asks the system for a free one.
    public static func listenAddress(_ text: String) -> Result<ListenAddress, ValueProblem> {
        guard let address = ListenAddress(text) else {
            return .failure("'\(text)' is not host:port (e.g. 127.0.0.1:8080 or [::1]:8080)")
        }
        return .success(address)
    }

    public static func url(_ text: String) -> Result<String, ValueProblem> {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else { return .failure("'\(text)' is not an http(s) URL") }
        return .success(text.hasSuffix("/") ? String(text.dropLast()) : text)
    }

    /// An ISO 3166 alpha-2 code with a known calling code.
    public static func country(_ text: String) -> Result<String, ValueProblem> {
        let code = text.uppercased()
        guard CallingCodes.byCountry[code] != nil else {
            return .failure("'\(text)' is not an ISO 3166 alpha-2 country code (e.g. US, GB, IN)")
        }
        return .success(code)
    }

    public static func timeZone(_ text: String) -> Result<TimeZone, ValueProblem> {
        guard let zone = TimeZone(identifier: text) else {
            return .failure("'\(text)' is not an IANA time zone (e.g. Europe/Madrid)")
        }
        return .success(zone)
    }
}

/// A listening address for a daemon.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    public init?(_ text: String) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, let port = UInt16(portPart) else { return nil }
        host = String(hostPart)
        self.port = port
    }

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
