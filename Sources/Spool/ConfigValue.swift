import Foundation

/// Parsers for configuration values; each failure says what was expected.
public enum ConfigValue {
    /// The longest duration a setting may have, in days: a century is more than any needs, and a time that far
    /// ahead still fits the whole seconds of a cookie's Max-Age or a token's expiry (`1e20s` did not, and trapped).
    private static let longestDays = 36_500

    /// `30s`, `30m`, `2h`, `3d` or `0`, as seconds.
    public static func duration(_ text: String) -> Result<TimeInterval, ValueProblem> {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if text == "0" { return .success(0) }
        guard let unit = text.last, let scale = units[unit], let amount = Double(text.dropLast()), amount >= 0,
              amount.isFinite
        else { return .failure("'\(text)' is not a duration; write e.g. 90s, 30m, 2h or 3d") }
        guard amount * scale <= Double(longestDays) * 86400 else {
            return .failure("'\(text)' is too long; write at most \(longestDays)d")
        }
        return .success(amount * scale)
    }

    /// `5242880`, `512K` or `5M`, as bytes.
    public static func size(_ text: String) -> Result<Int, ValueProblem> {
        let units: [Character: Int] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024]
        if let bytes = Int(text), bytes > 0 { return .success(bytes) }
        guard let unit = text.last, let scale = units[unit], let amount = Int(text.dropLast()), amount > 0 else {
            return .failure("'\(text)' is not a size; write e.g. 5M, 512K or 1048576")
        }
        return .success(amount * scale)
    }

    public static func positiveInteger(_ text: String) -> Result<Int, ValueProblem> {
        guard let number = Int(text), number > 0 else { return .failure("'\(text)' is not a positive whole number") }
        return .success(number)
    }

    public static func text(_ text: String) -> Result<String, ValueProblem> {
        text.isEmpty ? .failure("is empty") : .success(text)
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
