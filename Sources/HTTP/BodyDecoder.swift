import Foundation

/// Takes a message body out of a stream's buffer as its bytes arrive, framed by Content-Length or chunked encoding,
/// and refuses it as soon as it is known to pass `limit`: a declared length or a chunk size over the limit is
/// refused before one byte of it is read. Every size from the wire is checked before it is added to anything.
struct BodyDecoder {
    let limit: Int
    private(set) var body = Data()
    private var state: State

    private enum State {
        case length(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers(bytes: Int)
        case done
    }

    static let maxChunkLine = 1024
    static let maxTrailerBytes = 8 * 1024

    init(framing: BodyFraming, limit: Int) throws(HTTPError) {
        self.limit = limit
        switch framing {
        case .none:
            state = .done
        case .length(let count):
            if count > limit { throw .bodyTooLarge(limit: limit) }
            state = count == 0 ? .done : .length(remaining: count)
        case .chunked:
            state = .chunkSize
        }
    }

    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes what it can of `stream`'s buffered bytes; true once the whole body is in.
    mutating func decode(from stream: SocketStream) throws(HTTPError) -> Bool {
        while try step(stream) {}
        return isComplete
    }

    /// One step of the state machine; false when it needs more bytes (or is done).
    private mutating func step(_ stream: SocketStream) throws(HTTPError) -> Bool {
        switch state {
        case .done:
            return false
        case .length(let remaining), .chunkData(let remaining):
            let available = min(remaining, stream.buffered.count)
            guard available > 0 else { return false }
            body.append(contentsOf: stream.buffered.prefix(available))
            stream.consume(available)
            let left = remaining - available
            if case .length = state { state = left == 0 ? .done : .length(remaining: left) }
            else { state = left == 0 ? .chunkEnd : .chunkData(remaining: left) }
            return true
        case .chunkSize:
            guard let line = try stream.takeLine(limit: Self.maxChunkLine) else { return false }
            let size = try chunkSize(line)
            state = size == 0 ? .trailers(bytes: 0) : .chunkData(remaining: size)
            return true
        case .chunkEnd:
            guard stream.buffered.count >= 2 else { return false }
            guard stream.buffered.starts(with: [13, 10]) else { throw .malformed("chunk without CRLF") }
            stream.consume(2)
            state = .chunkSize
            return true
        case .trailers(let bytes):
            guard let line = try stream.takeLine(limit: Self.maxTrailerBytes) else { return false }
            let total = bytes + line.count + 2
            if total > Self.maxTrailerBytes { throw .headersTooLarge }
            state = line.isEmpty ? .done : .trailers(bytes: total)
            return true
        }
    }

    /// A chunk size in hex, with optional `;extensions`; refused once it would take the body past the limit.
    private func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        let digits = line.prefix { $0 != UInt8(ascii: ";") }.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
        guard !digits.isEmpty else { throw .malformed("bad chunk size") }
        let room = limit - body.count
        var size = 0
        for byte in digits {
            guard let digit = Self.hexValue(byte) else { throw .malformed("bad chunk size") }
            // size * 16 + digit > room, tested without computing a value that could overflow.
            guard room >= digit, size <= (room - digit) / 16 else { throw .bodyTooLarge(limit: limit) }
            size = size * 16 + digit
        }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
