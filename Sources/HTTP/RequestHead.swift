/// A request's head, checked as a whole before any of its body is read: a request line of three parts with a token
/// method, an origin-form target and HTTP/1.0 or 1.1, at most one Host, and an unambiguous body framing.
struct RequestHead {
    let method: String
    let target: String
    let version: String
    let headers: HTTPHeaders
    let framing: BodyFraming

    init(_ head: MessageHead) throws(HTTPError) {
        guard head.startLine.count == 3, head.startLine[2] == "HTTP/1.1" || head.startLine[2] == "HTTP/1.0" else {
            throw .malformed("bad request line")
        }
        guard !head.startLine[0].isEmpty, head.startLine[0].utf8.allSatisfy(MessageHead.isTokenByte) else {
            throw .malformed("bad method")
        }
        method = String(head.startLine[0])
        target = String(head.startLine[1])
        version = String(head.startLine[2])
        guard target.hasPrefix("/") else { throw .malformed("request target must start with /") }
        // RFC 3986: a target is visible ASCII; anything else is percent-encoded by any real client.
        guard target.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else { throw .malformed("request target is not visible ASCII") }
        guard head.listValues("Host").count <= 1 else { throw .malformed("more than one Host") }
        headers = head.headers
        framing = try head.bodyFraming()
        if version == "HTTP/1.0" && framing == .chunked { throw .malformed("chunked encoding in HTTP/1.0") }
    }

    /// Whether the client waits for `100 Continue` before sending its body.
    var expectsContinue: Bool {
        headers["Expect"]?.lowercased() == "100-continue" && framing != .none
    }
}
