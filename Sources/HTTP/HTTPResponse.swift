import Foundation

/// A complete answer: status, headers and a body sent with Content-Length.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// Close the connection after this answer (e.g. the request body was left unread).
    public var closesConnection = false
    /// Set for a Server-Sent Events answer: after the head, the connection is handed to this closure, and
    /// closed when it returns.
    public var eventStream: (@Sendable (EventStream) -> Void)?

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
                     body: Data(text.utf8))
    }

    /// A `text/event-stream` answer whose events `body` sends, on its own connection, until it returns.
    public static func events(_ body: @escaping @Sendable (EventStream) -> Void) -> HTTPResponse {
        var response = HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/event-stream"),
                                                                       ("Cache-Control", "no-store")]))
        response.eventStream = body
        response.closesConnection = true
        return response
    }

    /// The status line and headers as sent on the wire.
    func head(keepAlive: Bool) -> Data {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if eventStream == nil { head += "Content-Length: \(body.count)\r\n" }
        head += keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
        return Data(head.utf8)
    }

    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 421: return "Misdirected Request"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}
