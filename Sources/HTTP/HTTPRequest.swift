import Foundation

/// One complete request as it arrived: the server's event loop has read its head and its whole body (within the
/// server's `maxBodyBytes`) before a handler sees it, so a slow client never holds a worker.
public final class HTTPRequest: Sendable {
    public let method: String
    /// The request target as sent, e.g. `/webhooks/5/orders/create?x=1`; never percent-decoded.
    public let target: String
    public let headers: HTTPHeaders
    public let version: String
    /// `ip:port` of the client.
    public let remoteAddress: String
    /// True when the client declared a body (Content-Length or chunked).
    public let hasBody: Bool
    private let body: Data

    init(head: RequestHead, body: Data, remoteAddress: String) {
        method = head.method
        target = head.target
        version = head.version
        headers = head.headers
        hasBody = head.framing != .none && head.framing != .length(0)
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The target without its query.
    public var path: Substring { target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0] }

    /// The body, refused past `limit` bytes (a route's own limit, at most the server's).
    public func readBody(limit: Int) throws(HTTPError) -> Data {
        if body.count > limit { throw .bodyTooLarge(limit: limit) }
        return body
    }

    var wantsKeepAlive: Bool {
        let connection = headers["Connection"]?.lowercased()
        return version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive"
    }
}
