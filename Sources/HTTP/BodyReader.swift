import Foundation

/// Reads a message body framed by Content-Length or chunked encoding, refusing to go past `limit` bytes.
struct BodyReader {
    let stream: SocketStream
    let framing: BodyFraming
    let deadline: Double

    func read(limit: Int) throws(HTTPError) -> Data {
        switch framing {
        case .none:
            return Data()
        case .length(let count):
            if count > limit { throw .bodyTooLarge(limit: limit) }
            return Data(try stream.read(exactly: count, until: deadline))
        case .chunked:
            return try readChunks(limit: limit)
        }
    }

    private func readChunks(limit: Int) throws(HTTPError) -> Data {
        var body = Data()
        while true {
            let sizeLine = try stream.readLine(limit: 1024, until: deadline)
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw .malformed("bad chunk size")
            }
            if size == 0 { break }
            if body.count + size > limit { throw .bodyTooLarge(limit: limit) }
            body.append(contentsOf: try stream.read(exactly: size, until: deadline))
            guard try stream.read(exactly: 2, until: deadline) == [13, 10] else { throw .malformed("chunk without CRLF") }
        }
        while try !stream.readLine(limit: 8192, until: deadline).isEmpty {}
        return body
    }
}
