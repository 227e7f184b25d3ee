import Foundation
import Glibc

/// One client connection: its socket and buffer, how far its current request has arrived, and since when. It
/// belongs to one thread at a time, the event loop while a request arrives and a worker while it is served, and is
/// handed between them through `ConnectionLoop.giveBack`, which is why it may cross threads.
final class Connection: @unchecked Sendable {
    let stream: SocketStream
    let remoteAddress: String
    /// Order of acceptance: among connections idle since the same instant, the first accepted is the oldest.
    let serial: Int
    private(set) var phase: Phase
    private var head: RequestHead?
    private var body: BodyDecoder?

    enum Phase {
        /// Waiting for the first byte of a request (new, or kept alive after one).
        case idle(since: Double)
        /// A request has begun to arrive.
        case reading(since: Double)
        /// Answered for the last time; our side is shut, and the client's last bytes are read and dropped so that
        /// closing does not reset the connection before the client has read the answer.
        case lingering(until: Double)
    }

    enum Progress {
        case needMore
        case request(HTTPRequest)
        case failed(HTTPError)
        case ended
    }

    static let lingerTime: Double = 2

    init(stream: SocketStream, remoteAddress: String, serial: Int, now: Double) {
        self.stream = stream
        self.remoteAddress = remoteAddress
        self.serial = serial
        phase = .idle(since: now)
    }

    var descriptor: Int32 { stream.descriptor }

    /// Assembles as much of a request as has arrived, reading what the socket has without waiting.
    func advance(limits: HTTPServerLimits, scratch: inout [UInt8], now: Double) -> Progress {
        do throws(HTTPError) {
            while true {
                if let request = try assemble(limits: limits) { return .request(request) }
                switch try stream.receive(using: &scratch) {
                case .received:
                    if case .idle = phase { phase = .reading(since: now) }
                case .ended:
                    return .ended
                case .wouldBlock:
                    return .needMore
                }
            }
        } catch {
            return .failed(error)
        }
    }

    private func assemble(limits: HTTPServerLimits) throws(HTTPError) -> HTTPRequest? {
        if head == nil {
            guard let parsed = try takeHead(limits: limits) else { return nil }
            var decoder = try BodyDecoder(framing: parsed.framing, limit: limits.maxBodyBytes)
            if parsed.expectsContinue, try !decoder.decode(from: stream) {
                stream.write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8), until: 0)
            }
            head = parsed
            body = decoder
        }
        guard let request = head, try body!.decode(from: stream) else { return nil }
        defer { (head, body) = (nil, nil) }
        return HTTPRequest(head: request, body: body!.body, remoteAddress: remoteAddress)
    }

    private func takeHead(limits: HTTPServerLimits) throws(HTTPError) -> RequestHead? {
        // RFC 9112 section 2.2: empty lines before a request line are ignored (some clients end a body with one).
        while stream.buffered.starts(with: [13, 10]) { stream.consume(2) }
        guard let end = stream.headEnd() else {
            if stream.buffered.count > limits.maxHeaderBytes { throw .headersTooLarge }
            return nil
        }
        let headLength = end - stream.buffered.startIndex
        if headLength > limits.maxHeaderBytes { throw .headersTooLarge }
        let head = try RequestHead(MessageHead(bytes: stream.buffered.prefix(headLength)))
        stream.consume(headLength + 4)
        return head
    }

    /// Back from a worker with the connection kept alive: idle, or already reading a pipelined request.
    func rest(now: Double) {
        stream.releaseEmptyBuffer()
        phase = stream.buffered.isEmpty ? .idle(since: now) : .reading(since: now)
    }

    /// Sends a last answer without waiting (it is small; a client that cannot take it loses it) and starts closing.
    func answerAndLinger(_ response: HTTPResponse, now: Double) {
        stream.write(response.head(keepAlive: false) + response.body, until: 0)
        linger(now: now)
    }

    func linger(now: Double) {
        shutdown(descriptor, Int32(SHUT_WR))
        phase = .lingering(until: now + Self.lingerTime)
    }

    /// Reads and drops whatever a lingering client still sends; true once it has closed its side.
    func drain(scratch: inout [UInt8]) -> Bool {
        while true {
            let result = try? stream.receive(using: &scratch)
            stream.consume(stream.buffered.count)
            if result != .received { return result != .wouldBlock }
        }
    }

    /// What is due for this connection at `now`, if anything.
    func expiry(now: Double, limits: HTTPServerLimits) -> Expiry? {
        switch phase {
        case .idle(let since): return now - since > limits.idleTimeout ? .idle : nil
        case .reading(let since): return now - since > limits.requestTimeout ? .request : nil
        case .lingering(let until): return now > until ? .linger : nil
        }
    }

    enum Expiry { case idle, request, linger }

    /// Connections that may be closed to make room: lingering ones first, then idle ones, oldest first.
    var evictionRank: Double? {
        switch phase {
        case .lingering(let until): return until - 1e9
        case .idle(let since): return since
        case .reading: return nil
        }
    }
}
