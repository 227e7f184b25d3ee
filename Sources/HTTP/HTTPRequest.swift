import Foundation

/// One request as it arrived. The body is read only when the handler asks for it, with the handler's limit,
/// so a route can refuse (404, 401, 413) without reading megabytes first.
public final class HTTPRequest: @unchecked Sendable {
    public let method: String
    /// The request target as sent, e.g. `/webhooks/5/orders/create?x=1`; never percent-decoded.
    public let target: String
    public let headers: HTTPHeaders
    public let version: String
    /// `ip:port` of the client.
    public let remoteAddress: String

    private let body: BodyReader
    private var bodyState: BodyState = .unread

    private enum BodyState { case unread, read(Data), failed(HTTPError) }

    init(head: MessageHead, body: BodyReader, remoteAddress: String) throws(HTTPError) {
        guard head.startLine.count == 3, head.startLine[2].hasPrefix("HTTP/1.") else {
            throw .malformed("bad request line")
        }
        method = String(head.startLine[0])
        target = String(head.startLine[1])
        version = String(head.startLine[2])
        headers = head.headers
        self.body = body
        self.remoteAddress = remoteAddress
        guard target.hasPrefix("/") else { throw .malformed("request target must start with /") }
    }

    /// The target without its query.
    public var path: Substring { target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0] }

    /// True when the client declared a body (Content-Length or chunked), before reading it.
    public var hasBody: Bool {
        body.framing != .none && body.framing != .length(0)
    }

    /// The body, read once, refused past `limit` bytes without reading the rest.
    public func readBody(limit: Int) throws(HTTPError) -> Data {
        switch bodyState {
        case .read(let data): return data
        case .failed(let error): throw error
        case .unread: break
        }
        if headers["Expect"]?.lowercased() == "100-continue", case .length(let count) = body.framing, count <= limit {
            body.stream.write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8), until: body.deadline)
        }
        do {
            let data = try body.read(limit: limit)
            bodyState = .read(data)
            return data
        } catch {
            bodyState = .failed(error)
            throw error
        }
    }

    /// Whether the connection can carry another request after this one.
    var isBodyFullyRead: Bool {
        if case .read = bodyState { return true }
        return !hasBody
    }

    var wantsKeepAlive: Bool {
        let connection = headers["Connection"]?.lowercased()
        return version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive"
    }
}
