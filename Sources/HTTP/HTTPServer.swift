import Foundation
import Glibc
import Synchronization

/// Limits that keep one client, or many, from taking the server down.
public struct HTTPServerLimits: Sendable {
    /// Connections served at once; one more is answered 503 and closed.
    public var maxConnections = 256
    /// Time for a whole request, head and body, once its first byte arrived; then 408.
    public var requestTimeout: TimeInterval = 10
    /// Time a kept-alive connection may sit idle between requests; then it is closed quietly.
    public var idleTimeout: TimeInterval = 30
    public var maxHeaderBytes = 32 * 1024

    public init() {}
}

/// An HTTP/1.1 server on a POSIX socket: one thread per connection (blocking I/O is fine there, never on a loop),
/// keep-alive, bounded concurrency with 503 past the bound, and a clean stop that lets requests in flight finish.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public let port: UInt16
    private let listener: Int32
    private let limits: HTTPServerLimits
    private let handler: Handler
    private let wakePipe: (read: Int32, write: Int32)
    private let active = Atomic<Int>(0)
    private let finished = DispatchGroup()

    /// Binds and listens at once, so a bad address fails before the daemon reports it is up.
    public init(host: String, port: UInt16, limits: HTTPServerLimits, handler: @escaping Handler) throws(SocketError) {
        listener = try Socket.listen(host: host, port: port)
        self.port = Socket.localPort(listener)
        self.limits = limits
        self.handler = handler
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        for descriptor in fds { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        wakePipe = (fds[0], fds[1])
    }

    /// Accepts connections until `stop()`, then waits up to `grace` seconds for requests in flight.
    public func run(grace: TimeInterval = 5) {
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 { continue }
            if fds[1].revents != 0 { break }
            guard let (client, address) = Socket.accept(listener) else { continue }
            serve(client, address: address)
        }
        close(listener)
        _ = finished.wait(timeout: .now() + grace)
    }

    /// Stops accepting and wakes idle connections; safe to call from a signal source or any thread.
    public func stop() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    private func serve(_ client: Int32, address: String) {
        if active.wrappingAdd(1, ordering: .relaxed).newValue > limits.maxConnections {
            active.wrappingSubtract(1, ordering: .relaxed)
            let stream = SocketStream(descriptor: client)
            var busy = HTTPResponse.text(503, "server busy, try again\n")
            busy.headers.add("Retry-After", "1")
            stream.write(busy.head(keepAlive: false) + busy.body, until: MonotonicClock.now() + 1)
            return
        }
        finished.enter()
        let thread = Thread { [self] in
            ConnectionHandler(stream: SocketStream(descriptor: client, wakeDescriptor: wakePipe.read),
                              remoteAddress: address, limits: limits, handler: handler).run()
            active.wrappingSubtract(1, ordering: .relaxed)
            finished.leave()
        }
        thread.stackSize = 512 * 1024
        thread.start()
    }
}

/// Serves the requests of one connection in turn.
struct ConnectionHandler {
    let stream: SocketStream
    let remoteAddress: String
    let limits: HTTPServerLimits
    let handler: HTTPServer.Handler

    func run() {
        while serveOne() {}
    }

    /// Serves one request; false when the connection should close.
    private func serveOne() -> Bool {
        let idleDeadline = MonotonicClock.now() + limits.idleTimeout
        if stream.buffered.isEmpty {
            guard stream.waitReadable(until: idleDeadline) == .ready else { return false }
        }
        let deadline = MonotonicClock.now() + limits.requestTimeout
        do {
            let request = try readRequest(until: deadline)
            let response = handler(request)
            let keepAlive = request.wantsKeepAlive && request.isBodyFullyRead && !response.closesConnection
            return send(response, keepAlive: keepAlive)
        } catch {
            if case .connectionLost = error { return false }
            _ = send(error.response, keepAlive: false)
            return false
        }
    }

    private func readRequest(until deadline: Double) throws(HTTPError) -> HTTPRequest {
        var end = stream.headEnd()
        while end == nil {
            if stream.buffered.count > limits.maxHeaderBytes { throw .headersTooLarge }
            if try !stream.fill(until: deadline) { throw .connectionLost("closed before a whole request") }
            end = stream.headEnd()
        }
        let headLength = end! - stream.buffered.startIndex
        if headLength > limits.maxHeaderBytes { throw .headersTooLarge }
        let head = try MessageHead(bytes: stream.buffered.prefix(headLength))
        stream.consume(headLength + 4)
        let body = BodyReader(stream: stream, framing: try head.bodyFraming(), deadline: deadline)
        return try HTTPRequest(head: head, body: body, remoteAddress: remoteAddress)
    }

    private func send(_ response: HTTPResponse, keepAlive: Bool) -> Bool {
        let sent = stream.write(response.head(keepAlive: keepAlive) + response.body,
                                until: MonotonicClock.now() + limits.requestTimeout)
        if sent, let events = response.eventStream {
            events(EventStream(stream: stream, writeTimeout: limits.requestTimeout))
        }
        return sent && keepAlive
    }
}
