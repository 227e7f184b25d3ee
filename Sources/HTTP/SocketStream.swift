import Foundation
import Glibc

/// A connected socket with a read buffer. Every read waits with `poll` against a deadline, so a slow peer costs
/// its own time only; an optional wake descriptor (the server's shutdown pipe) interrupts idle waits.
final class SocketStream {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    let wakeDescriptor: Int32?
    /// Set on a client's HTTPS connection: every byte then goes through it.
    var tls: TLSChannel?

    init(descriptor: Int32, wakeDescriptor: Int32? = nil) {
        self.descriptor = descriptor
        self.wakeDescriptor = wakeDescriptor
    }

    deinit {
        close(descriptor)
    }

    var buffered: ArraySlice<UInt8> { buffer[start...] }

    func consume(_ count: Int) {
        start += count
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
    }

    enum WaitResult { case ready, timedOut, woken }

    /// Waits until the socket is readable, the deadline passes, or the wake descriptor fires.
    func waitReadable(until deadline: Double) -> WaitResult {
        while true {
            let remaining = deadline - MonotonicClock.now()
            if remaining <= 0 { return .timedOut }
            var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            if let wakeDescriptor { fds.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, Double(Int32.max))))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { return ready == 0 ? .timedOut : .ready }
            if fds[0].revents != 0 { return .ready }
            return .woken
        }
    }

    /// Reads more bytes into the buffer, waiting up to the deadline; false at end of stream.
    func fill(until deadline: Double) throws(HTTPError) -> Bool {
        var scratch = [UInt8](repeating: 0, count: 65536)
        while true {
            switch tls?.hasPendingBytes == true ? .ready : waitReadable(until: deadline) {
            case .timedOut: throw .timedOut
            case .woken: throw .connectionLost("server shutting down")
            case .ready: break
            }
            switch try receive(using: &scratch) {
            case .received: return true
            case .ended: return false
            case .wouldBlock: continue
            }
        }
    }

    enum ReceiveResult { case received, ended, wouldBlock }

    /// One `recv` that never waits, through the caller's scratch buffer (an event loop reuses one for every
    /// connection, so a thousand slow clients cost no allocation each).
    func receive(using scratch: inout [UInt8]) throws(HTTPError) -> ReceiveResult {
        while true {
            let count: Int
            if let tls {
                let transfer = scratch.withUnsafeMutableBytes { raw in Result { () throws(HTTPError) in try tls.read(into: raw) } }
                switch try transfer.get() {
                case .moved(let moved): count = moved
                case .wouldBlock: return .wouldBlock
                case .ended: return .ended
                }
            } else {
                count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return .wouldBlock }
                if count < 0 { throw .connectionLost(String(cString: strerror(errno))) }
                if count == 0 { return .ended }
            }
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            buffer.append(contentsOf: scratch[0..<count])
            return .received
        }
    }

    /// Gives the buffer's memory back once it is empty: an idle kept-alive connection should cost next to nothing.
    func releaseEmptyBuffer() {
        if buffered.isEmpty {
            buffer = []
            start = 0
        }
    }

    /// Takes one line ending in CRLF, without it, if a whole one has arrived; more than `limit` bytes without
    /// one is an error.
    func takeLine(limit: Int) throws(HTTPError) -> ArraySlice<UInt8>? {
        guard let end = firstIndex(of: [13, 10]) else {
            if buffered.count > limit { throw .malformed("line longer than \(limit) bytes") }
            return nil
        }
        if end - start > limit { throw .malformed("line longer than \(limit) bytes") }
        let line = buffer[start..<end]
        consume(end + 2 - start)
        return line
    }

    /// The index of the first CRLF CRLF in the buffer, if a whole head has arrived.
    func headEnd() -> Int? {
        firstIndex(of: [13, 10, 13, 10])
    }

    /// Where `pattern` first starts in the buffered bytes (an index into `buffered`), if it has arrived.
    func firstIndex(of pattern: [UInt8]) -> Int? {
        var index = start
        while index + pattern.count <= buffer.count {
            var offset = 0
            while offset < pattern.count && buffer[index + offset] == pattern[offset] { offset += 1 }
            if offset == pattern.count { return index }
            index += 1
        }
        return nil
    }

    /// Sends all of `data`; false when the peer is gone or too slow.
    @discardableResult
    func write(_ data: Data, until deadline: Double) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                switch sendSome(UnsafeRawBufferPointer(rebasing: raw[offset...])) {
                case .moved(let sent): offset += sent
                case .wouldBlock: if !Socket.wait(descriptor, for: POLLOUT, until: deadline) { return false }
                case .ended: return false
                }
            }
            return true
        }
    }

    private func sendSome(_ bytes: UnsafeRawBufferPointer) -> TLSChannel.Transfer {
        if let tls { return (try? tls.write(bytes)) ?? .ended }
        while true {
            let sent = send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if sent < 0 && errno == EINTR { continue }
            if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return .wouldBlock }
            return sent > 0 ? .moved(sent) : .ended
        }
    }
}
