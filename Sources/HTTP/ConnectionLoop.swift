import CLinux
import Foundation
import Glibc
import Synchronization

/// The one thread that accepts connections and reads requests, with epoll, as nginx does: a connection waiting for
/// its request costs a descriptor and a few hundred bytes, never a thread. A complete request is handed to
/// `dispatch` (a worker); the worker gives the connection back when it has answered. Deadlines are checked by a
/// sweep four times a second; when the connection limit is reached, the oldest idle connections make room.
final class ConnectionLoop: @unchecked Sendable {
    enum Disposition { case keepAlive, close }

    private let listener: Int32
    private let wakeDescriptor: Int32
    private let limits: HTTPServerLimits
    private let maxConnections: Int
    private let dispatch: (ConnectionLoop, Connection, HTTPRequest) -> Void
    private let epoll: Int32
    private let returnSignal: Int32
    private let returned = Mutex<(stopped: Bool, connections: [(Connection, Disposition)])>((false, []))
    // The fields below are the loop thread's alone.
    private var connections: [Int32: Connection] = [:]
    private var serving = 0
    private var accepted = 0
    private var isListening = true
    private var scratch = [UInt8](repeating: 0, count: 65536)
    private var lastSweep = 0.0

    static let sweepInterval = 0.25

    init(listener: Int32, wakeDescriptor: Int32, limits: HTTPServerLimits,
         dispatch: @escaping (ConnectionLoop, Connection, HTTPRequest) -> Void) {
        self.listener = listener
        self.wakeDescriptor = wakeDescriptor
        self.limits = limits
        self.dispatch = dispatch
        maxConnections = min(limits.maxConnections, DescriptorLimit.raise() - 64)
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        returnSignal = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        for descriptor in [listener, wakeDescriptor, returnSignal] { watch(descriptor) }
    }

    /// Runs until the wake descriptor fires; then drops every connection it holds.
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var stopping = false
        while !stopping {
            let count = epoll_wait(epoll, &events, Int32(events.count), Int32(Self.sweepInterval * 1000))
            let now = MonotonicClock.now()
            for event in events.prefix(max(0, Int(count))) {
                switch event.data.fd {
                case wakeDescriptor: stopping = true
                case listener: acceptAll(now: now)
                case returnSignal: takeReturned(now: now)
                case let descriptor: if let connection = connections[descriptor] { service(connection, now: now) }
                }
            }
            if now - lastSweep >= Self.sweepInterval { sweep(now: now) }
        }
        returned.withLock { $0.stopped = true }
        connections.removeAll()
        close(epoll)
        close(returnSignal)
    }

    /// Called by a worker when it has answered: the connection goes back to waiting for its next request, or is
    /// closed. After the loop has stopped, the connection is simply closed.
    func giveBack(_ connection: Connection, _ disposition: Disposition) {
        let isTaken = returned.withLock { state in
            if state.stopped { return false }
            state.connections.append((connection, disposition))
            return true
        }
        if isTaken {
            var one: UInt64 = 1
            _ = write(returnSignal, &one, 8)
        }
    }

    private func service(_ connection: Connection, now: Double) {
        if case .lingering = connection.phase {
            if connection.drain(scratch: &scratch) { drop(connection) }
            return
        }
        switch connection.advance(limits: limits, scratch: &scratch, now: now) {
        case .needMore:
            break
        case .ended, .failed(.connectionLost):
            drop(connection)
        case .failed(let error):
            connection.answerAndLinger(error.response, now: now)
        case .request(let request):
            epoll_ctl(epoll, EPOLL_CTL_DEL, connection.descriptor, nil)
            connections[connection.descriptor] = nil
            serving += 1
            dispatch(self, connection, request)
        }
    }

    private func acceptAll(now: Double) {
        while true {
            guard let (client, address) = Socket.accept(listener) else {
                if errno == EMFILE || errno == ENFILE { pauseListening() }
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let stream = SocketStream(descriptor: client, wakeDescriptor: wakeDescriptor)
            if connections.count + serving >= maxConnections && !makeRoom() {
                refuse(stream)
                continue
            }
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            accepted += 1
            connections[client] = Connection(stream: stream, remoteAddress: address, serial: accepted, now: now)
            watch(client)
        }
    }

    /// Closes the oldest idle (or closing) connections, an eighth of them at a time so that a flood does not sort
    /// the table on every accept; false when every connection is busy with a request.
    private func makeRoom() -> Bool {
        let candidates = connections.values.compactMap { connection in connection.evictionRank.map { (connection, $0) } }
        guard !candidates.isEmpty else { return false }
        for (connection, _) in candidates.sorted(by: { ($0.1, $0.0.serial) < ($1.1, $1.0.serial) }).prefix(max(1, candidates.count / 8)) {
            drop(connection)
        }
        return true
    }

    /// Every connection is mid-request: the newest client is told to come back, as the limit promises.
    private func refuse(_ stream: SocketStream) {
        var busy = HTTPResponse.text(503, "server busy, try again\n")
        busy.headers.add("Retry-After", "1")
        stream.write(busy.head(keepAlive: false) + busy.body, until: 0)
    }

    /// Out of descriptors with nothing to close: stop asking epoll about the listener until the next sweep, or the
    /// loop would spin on a listener it cannot accept from.
    private func pauseListening() {
        if !makeRoom() && isListening {
            epoll_ctl(epoll, EPOLL_CTL_DEL, listener, nil)
            isListening = false
        }
    }

    private func takeReturned(now: Double) {
        var count: UInt64 = 0
        _ = read(returnSignal, &count, 8)
        let batch = returned.withLock { state in
            defer { state.connections.removeAll() }
            return state.connections
        }
        for (connection, disposition) in batch {
            serving -= 1
            connections[connection.descriptor] = connection
            watch(connection.descriptor)
            switch disposition {
            case .keepAlive:
                connection.rest(now: now)
                if !connection.stream.buffered.isEmpty { service(connection, now: now) }
            case .close:
                connection.linger(now: now)
            }
        }
    }

    private func sweep(now: Double) {
        lastSweep = now
        if !isListening {
            isListening = true
            watch(listener)
        }
        for connection in connections.values {
            switch connection.expiry(now: now, limits: limits) {
            case nil: continue
            case .idle, .linger: drop(connection)
            case .request: connection.answerAndLinger(HTTPError.timedOut.response, now: now)
            }
        }
    }

    private func drop(_ connection: Connection) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, connection.descriptor, nil)
        connections[connection.descriptor] = nil
    }

    private func watch(_ descriptor: Int32) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        event.data.fd = descriptor
        epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event)
    }
}
