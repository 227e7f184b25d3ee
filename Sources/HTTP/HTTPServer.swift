import Foundation
import Glibc
import Synchronization

/// An HTTP/1.1 server on a POSIX socket. One event loop reads every request, head and body, without a thread per
/// connection; complete requests run on a bounded pool of workers (blocking I/O is fine there, never on the loop);
/// Server-Sent Event streams get a thread each, up to a limit. Keep-alive, pipelining, deadlines, and a clean stop
/// that lets requests in flight finish.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public let port: UInt16
    private let listener: Int32
    private let limits: HTTPServerLimits
    private let handler: Handler
    private let wakePipe: (read: Int32, write: Int32)
    private let workers: WorkerPool
    private let eventStreams = Atomic<Int>(0)
    private let finished = DispatchGroup()

    /// Binds and listens at once, so a bad address fails before the daemon reports it is up.
    public init(host: String, port: UInt16, limits: HTTPServerLimits, handler: @escaping Handler) throws(SocketError) {
        listener = try Socket.listen(host: host, port: port)
        self.port = Socket.localPort(listener)
        self.limits = limits
        self.handler = handler
        workers = WorkerPool(maxThreads: limits.workers)
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        for descriptor in fds { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        wakePipe = (fds[0], fds[1])
    }

    /// Serves until `stop()`, then waits up to `grace` seconds for requests in flight.
    public func run(grace: TimeInterval = 5) {
        let loop = ConnectionLoop(listener: listener, wakeDescriptor: wakePipe.read, limits: limits) { [self] loop, connection, request in
            finished.enter()
            workers.submit { [self] in
                serve(request, on: connection, loop: loop)
                finished.leave()
            }
        }
        loop.run()
        close(listener)
        _ = finished.wait(timeout: .now() + grace)
    }

    /// Stops accepting and wakes idle connections; safe to call from a signal source or any thread.
    public func stop() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    private func serve(_ request: HTTPRequest, on connection: Connection, loop: ConnectionLoop) {
        let response = handler(request)
        if let events = response.eventStream {
            return stream(events, head: response, on: connection, loop: loop)
        }
        let keepAlive = request.wantsKeepAlive && !response.closesConnection
        let sent = connection.stream.write(response.head(keepAlive: keepAlive) + response.body,
                                           until: MonotonicClock.now() + limits.requestTimeout)
        loop.giveBack(connection, sent && keepAlive ? .keepAlive : .close)
    }

    /// An event stream keeps its connection, on a thread of its own, until the handler's closure returns.
    private func stream(_ events: @escaping @Sendable (EventStream) -> Void, head: HTTPResponse, on connection: Connection,
                        loop: ConnectionLoop) {
        guard eventStreams.wrappingAdd(1, ordering: .relaxed).newValue <= limits.maxEventStreams else {
            eventStreams.wrappingSubtract(1, ordering: .relaxed)
            var busy = HTTPResponse.text(503, "too many open event streams, try again\n")
            busy.headers.add("Retry-After", "5")
            connection.stream.write(busy.head(keepAlive: false) + busy.body, until: MonotonicClock.now() + 1)
            return loop.giveBack(connection, .close)
        }
        finished.enter()
        let thread = Thread { [self] in
            if connection.stream.write(head.head(keepAlive: false), until: MonotonicClock.now() + limits.requestTimeout) {
                events(EventStream(stream: connection.stream, writeTimeout: limits.requestTimeout))
            }
            eventStreams.wrappingSubtract(1, ordering: .relaxed)
            loop.giveBack(connection, .close)
            finished.leave()
        }
        thread.stackSize = 512 * 1024
        thread.start()
    }
}
