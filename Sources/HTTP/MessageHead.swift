import Foundation

/// The start line and header fields of an HTTP/1.1 request or response, parsed strictly (RFC 9112): a byte that
/// two parsers could read two ways is refused, since that disagreement is what request smuggling lives on.
struct MessageHead {
    let startLine: [Substring]
    let headers: HTTPHeaders

    /// More header fields than any real client sends; a flood of tiny fields is refused before it costs work.
    static let maxFields = 100

    /// Parses the bytes before CRLF CRLF. Bare CR or LF, obsolete line folding, control bytes in values and
    /// field names that are not tokens are rejected.
    init(bytes: ArraySlice<UInt8>) throws(HTTPError) {
        var lines = try Self.lines(bytes)[...]
        guard let first = lines.popFirst(), !first.isEmpty else { throw .malformed("empty start line") }
        guard !first.contains(where: Self.isControl) else { throw .malformed("control byte in the start line") }
        startLine = String(decoding: first, as: UTF8.self).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count <= Self.maxFields else { throw .headersTooLarge }
        var headers = HTTPHeaders()
        for line in lines {
            let (name, value) = try Self.field(line)
            headers.add(name, value)
        }
        self.headers = headers
    }

    private static func lines(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = start
        while index < bytes.endIndex {
            switch bytes[index] {
            case 13:
                guard index + 1 < bytes.endIndex, bytes[index + 1] == 10 else { throw .malformed("bare CR in the head") }
                lines.append(bytes[start..<index])
                index += 2
                start = index
            case 10:
                throw .malformed("bare LF in the head")
            default:
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.endIndex])
        return lines
    }

    private static func field(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (String, String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header line without a colon") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformed("bad header name") }
        let value = line[(colon + 1)...]
        guard !value.contains(where: isControl) else { throw .malformed("control byte in a header value") }
        return (String(decoding: name, as: UTF8.self), String(decoding: withoutOptionalWhitespace(value), as: UTF8.self))
    }

    /// RFC 9110's `tchar`: what a method or field name may be made of.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Control bytes other than horizontal tab, which field values may hold.
    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 9) || byte == 0x7F
    }

    /// All values of a field given once or more, split at commas, as RFC 9110 section 5.3 combines them.
    func listValues(_ name: String) -> [Substring] {
        headers.fields.filter { $0.name.caseInsensitiveEquals(name) }
            .flatMap { $0.value.split(separator: ",", omittingEmptySubsequences: false) }
            .map { Substring(Self.withoutOptionalWhitespace($0.utf8[...])) }
    }

    /// RFC 9110's optional whitespace (spaces and tabs) at either end removed; a field is parsed per request,
    /// so this works on bytes rather than through Foundation's character sets.
    static func withoutOptionalWhitespace<Bytes: BidirectionalCollection>(_ bytes: Bytes) -> Bytes.SubSequence
    where Bytes.Element == UInt8 {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let start = bytes.firstIndex { !isBlank($0) } ?? bytes.endIndex
        let end = bytes[start...].lastIndex { !isBlank($0) }.map(bytes.index(after:)) ?? start
        return bytes[start..<end]
    }

    /// How the body is framed, per RFC 9112 section 6: anything ambiguous is refused, never guessed.
    func bodyFraming() throws(HTTPError) -> BodyFraming {
        let encodings = listValues("Transfer-Encoding")
        let lengths = listValues("Content-Length")
        if !encodings.isEmpty {
            guard lengths.isEmpty else { throw .malformed("both Content-Length and Transfer-Encoding") }
            guard encodings.count == 1, encodings[0].lowercased() == "chunked" else {
                throw .malformed("Transfer-Encoding must be one 'chunked'")
            }
            return .chunked
        }
        guard let first = lengths.first else { return .none }
        guard lengths.allSatisfy({ $0 == first }) else { throw .malformed("differing Content-Length values") }
        guard let count = Self.decimal(first) else { throw .malformed("bad Content-Length") }
        return .length(count)
    }

    /// A run of ASCII digits, nothing else (no sign, no spaces); a number past `Int.max` reads as `Int.max`, which
    /// is over any limit, so the caller answers 413 rather than trapping on the overflow.
    static func decimal(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            value = overflowA || overflowB ? Int.max : sum
        }
        return value
    }
}

enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}
