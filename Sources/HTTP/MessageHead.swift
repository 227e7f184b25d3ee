import Foundation

/// The start line and header fields of an HTTP/1.1 request or response.
struct MessageHead {
    let startLine: [Substring]
    let headers: HTTPHeaders

    /// Parses the bytes before CRLF CRLF. Obsolete line folding and fields without a colon are rejected.
    init(bytes: ArraySlice<UInt8>) throws(HTTPError) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst(), !first.isEmpty else { throw .malformed("empty start line") }
        startLine = first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else {
                throw .malformed("bad header line")
            }
            let name = line[..<colon]
            guard !name.isEmpty, !name.contains(" ") else { throw .malformed("bad header name") }
            headers.add(String(name), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        self.headers = headers
    }

    /// How the body is framed, per RFC 9112 section 6.
    func bodyFraming() throws(HTTPError) -> BodyFraming {
        if let encoding = headers["Transfer-Encoding"] {
            guard headers["Content-Length"] == nil else { throw .malformed("both Content-Length and Transfer-Encoding") }
            guard encoding.lowercased() == "chunked" else { throw .malformed("unsupported Transfer-Encoding") }
            return .chunked
        }
        guard let length = headers["Content-Length"] else { return .none }
        guard let count = Int(length), count >= 0 else { throw .malformed("bad Content-Length") }
        return .length(count)
    }
}

enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}
