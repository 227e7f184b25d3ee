import Foundation
import Glibc

/// The open connection of a Server-Sent Events answer (`text/event-stream`): the handler's `stream` closure keeps
/// it for as long as it likes, sending events until the browser goes away or the server stops.
public final class EventStream: @unchecked Sendable {
    private let stream: SocketStream
    private let writeTimeout: TimeInterval

    init(stream: SocketStream, writeTimeout: TimeInterval) {
        self.stream = stream
        self.writeTimeout = writeTimeout
    }

    /// Sends one event; false when the peer is gone (the caller should return).
    @discardableResult
    public func send(event: String, data: String) -> Bool {
        let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: " + $0 + "\n" }
        return write("event: " + event + "\n" + lines.joined() + "\n")
    }

    /// A comment line: keeps proxies from closing an idle stream, and finds out whether the peer is still there.
    @discardableResult
    public func ping() -> Bool { write(": ping\n\n") }

    /// Tells the browser how long to wait before it reconnects by itself.
    @discardableResult
    public func retry(after seconds: TimeInterval) -> Bool { write("retry: \(Int(seconds * 1000))\n\n") }

    /// False once the peer closed its end or the server is stopping.
    public var isOpen: Bool {
        var fds = [pollfd(fd: stream.descriptor, events: Int16(POLLIN), revents: 0)]
        if let wakeDescriptor = stream.wakeDescriptor {
            fds.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
        }
        guard poll(&fds, nfds_t(fds.count), 0) > 0 else { return true }
        if fds.count > 1 && fds[1].revents != 0 { return false }
        if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 { return false }
        // A browser sends nothing on an event stream, so "readable" means the end of the stream, or junk.
        var byte: UInt8 = 0
        return recv(stream.descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
    }

    private func write(_ text: String) -> Bool {
        stream.write(Data(text.utf8), until: MonotonicClock.now() + writeTimeout)
    }
}
