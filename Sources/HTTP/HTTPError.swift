/// A request the server cannot serve, as the status it is answered with.
public enum HTTPError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case headersTooLarge
    case lengthRequired
    case bodyTooLarge(limit: Int)
    case timedOut
    /// The peer closed the connection or a socket call failed; nothing can be answered.
    case connectionLost(String)

    public var status: Int {
        switch self {
        case .malformed: return 400
        case .headersTooLarge: return 431
        case .lengthRequired: return 411
        case .bodyTooLarge: return 413
        case .timedOut: return 408
        case .connectionLost: return 499
        }
    }

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed request: \(why)"
        case .headersTooLarge: return "request headers too large"
        case .lengthRequired: return "a body needs Content-Length or chunked Transfer-Encoding"
        case .bodyTooLarge(let limit): return "body larger than \(limit) bytes"
        case .timedOut: return "the client was too slow to send its request"
        case .connectionLost(let why): return "connection lost: \(why)"
        }
    }

    /// The answer to send, with the connection closed since the rest of the request is unread.
    public var response: HTTPResponse {
        var response = HTTPResponse.text(status, description + "\n")
        response.closesConnection = true
        return response
    }
}
