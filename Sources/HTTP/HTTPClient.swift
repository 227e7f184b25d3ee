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

    public init(host: String, port: UInt16, timeout: TimeInterval = 10) throws(SocketError) {
        stream = SocketStream(descriptor: try Socket.connect(host: host, port: port))
        self.host = host
        self.timeout = timeout
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
            var body = try BodyDecoder(framing: head.bodyFraming(), limit: .max)
            while try !body.decode(from: stream) {
                if try !stream.fill(until: deadline) { throw .connectionLost("closed mid-body") }
            }
            return Response(status: status, headers: head.headers, body: body.body)
        }
    }
}
