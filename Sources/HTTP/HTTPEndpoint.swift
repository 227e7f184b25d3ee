import Foundation

/// Where an `http://` or `https://` URL from a configuration points: `https://graph.facebook.com/v23.0` → TLS to
/// graph.facebook.com:443, path /v23.0.
public struct HTTPEndpoint: Equatable, Sendable {
    public let tls: Bool
    public let host: String
    public let port: UInt16
    /// Without a trailing slash.
    public let path: String

    public init?(_ text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty else { return nil }
        tls = scheme == "https"
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        guard let port = UInt16(exactly: url.port ?? (tls ? 443 : 80)) else { return nil }
        self.port = port
        path = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
    }

    /// A new connection to it.
    public func connect(timeout: TimeInterval) throws(HTTPError) -> HTTPClient {
        try HTTPClient(host: host, port: port, tls: tls, timeout: timeout)
    }
}
