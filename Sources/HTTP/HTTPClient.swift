import Foundation

/// A blocking HTTP/1.1 client on one keep-alive connection: enough for `wasp trigger`, the benchmarks and tests.
public final class HTTPClient {
    public struct Response: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: Data

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    let stream: SocketStream
    private let host: String
    private let timeout: TimeInterval
    /// False once the server said it closes, or ended a body by closing.
    public private(set) var isOpen = true

    /// Connects within `timeout`; with `tls`, the TLS handshake too, checking the server's certificate for `host`.
    public init(host: String, port: UInt16, tls: Bool = false, timeout: TimeInterval = 10) throws(HTTPError) {
        let deadline = MonotonicClock.now() + timeout
        do {
            stream = SocketStream(descriptor: try Socket.connect(host: host, port: port, until: deadline))
        } catch {
            throw .connectionLost(error.description)
        }
        if tls { stream.tls = try TLSChannel(descriptor: stream.descriptor, host: host, until: deadline) }
        self.host = host
        self.timeout = timeout
    }

    /// Whether a kept-alive connection can carry another request: open, and nothing (an end, stray bytes) has
    /// arrived since the last answer, which is how a server that closed an idle connection shows it.
    public var isReusable: Bool {
        isOpen && stream.buffered.isEmpty && stream.tls?.hasPendingBytes != true
            && !Socket.wait(stream.descriptor, for: POLLIN, until: MonotonicClock.now() + 0.000_001)
    }

    public func send(_ method: String, _ target: String, headers: [(String, String)] = [],
                     body: Data = Data()) throws(HTTPError) -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let deadline = MonotonicClock.now() + timeout
        guard stream.write(Data(head.utf8) + body, until: deadline) else { throw .connectionLost("send failed") }
        return try readResponse(until: deadline)
    }

    /// Sends bytes exactly as given, with no framing: for benches and tests that play a slow or broken client.
    @discardableResult
    public func sendRaw(_ bytes: Data) -> Bool {
        stream.write(bytes, until: MonotonicClock.now() + timeout)
    }

    private func readResponse(until deadline: Double) throws(HTTPError) -> Response {
        while true {
            var end = stream.headEnd()
            while end == nil {
                if try !stream.fill(until: deadline) { throw .connectionLost("closed before answering") }
                end = stream.headEnd()
            }
            let headLength = end! - stream.buffered.startIndex
            let head = try MessageHead(bytes: stream.buffered.prefix(headLength))
            stream.consume(headLength + 4)
            guard head.startLine.count >= 2, let status = Int(head.startLine[1]) else {
                throw .malformed("bad status line")
            }
            if status == 100 { continue }
            if head.headers["Connection"]?.lowercased() == "close" { isOpen = false }
            let framing = try head.bodyFraming()
            // An event stream's body is the stream itself, read event by event with `nextEvent`.
            let isEventStream = head.headers["Content-Type"]?.hasPrefix("text/event-stream") == true
            if case .none = framing, status != 204, status != 304, !isEventStream {
                return Response(status: status, headers: head.headers, body: try bodyUntilClose(until: deadline))
            }
            var body = try BodyDecoder(framing: framing, limit: .max)
            while try !body.decode(from: stream) {
                if try !stream.fill(until: deadline) { throw .connectionLost("closed mid-body") }
            }
            return Response(status: status, headers: head.headers, body: body.body)
        }
    }

    /// A response without Content-Length or chunks ends where the server closes (RFC 9112, 6.3).
    private func bodyUntilClose(until deadline: Double) throws(HTTPError) -> Data {
        isOpen = false
        while try stream.fill(until: deadline) {}
        let body = Data(stream.buffered)
        stream.consume(body.count)
        return body
    }
}
