import Glibc

/// A socket call that failed, with the address it was for.
public struct SocketError: Error, CustomStringConvertible {
    public let operation: String
    public let address: String
    public let code: Int32

    public var description: String {
        "\(operation) \(address): \(String(cString: strerror(code)))"
    }
}

/// TCP sockets over getaddrinfo, IPv4 and IPv6 alike.
enum Socket {
    static func listen(host: String, port: UInt16) throws(SocketError) -> Int32 {
        let (address, length, family) = try resolve(host: host, port: port)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(operation: "socket", address: "\(host):\(port)", code: errno) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, Glibc.listen(descriptor, 1024) == 0 else {
            let code = errno
            close(descriptor)
            throw SocketError(operation: "listen on", address: "\(host):\(port)", code: code)
        }
        return descriptor
    }

    /// A non-blocking client socket, connected within the deadline (a host that never answers costs no more).
    static func connect(host: String, port: UInt16, until deadline: Double) throws(SocketError) -> Int32 {
        let (address, length, family) = try resolve(host: host, port: port)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(operation: "socket", address: "\(host):\(port)", code: errno) }
        var connected = withUnsafePointer(to: address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, length) }
        }
        var code = errno
        if connected != 0 && code == EINPROGRESS {
            code = wait(descriptor, for: POLLOUT, until: deadline) ? pendingError(descriptor) : ETIMEDOUT
            connected = code == 0 ? 0 : -1
        }
        guard connected == 0 else {
            close(descriptor)
            throw SocketError(operation: "connect to", address: "\(host):\(port)", code: code)
        }
        var yes: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    /// Waits until the descriptor is ready for `events` (POLLIN, POLLOUT); false when the deadline passes first.
    static func wait(_ descriptor: Int32, for events: Int32, until deadline: Double) -> Bool {
        while true {
            let remaining = deadline - MonotonicClock.now()
            if remaining <= 0 { return false }
            var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, Double(Int32.max))))
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }

    private static func pendingError(_ descriptor: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    static func accept(_ listener: Int32) -> (Int32, String)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let client = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard client >= 0 else { return nil }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        var yes: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        return (client, describe(address))
    }

    static func localPort(_ descriptor: Int32) -> UInt16 {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return withUnsafeBytes(of: address) { raw in
            UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self))
        }
    }

    private static func resolve(host: String, port: UInt16) throws(SocketError) -> (sockaddr_storage, socklen_t, Int32) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let info = result else {
            throw SocketError(operation: "resolve", address: host, code: EADDRNOTAVAIL)
        }
        defer { freeaddrinfo(result) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: info.pointee.ai_addr, count: Int(info.pointee.ai_addrlen)))
        }
        return (storage, info.pointee.ai_addrlen, info.pointee.ai_family)
    }

    private static func describe(_ address: sockaddr_storage) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        var copy = address
        _ = withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, socklen_t(MemoryLayout<sockaddr_storage>.size), &host, socklen_t(host.count),
                            &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        func text(_ characters: [CChar]) -> String {
            String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text(host) + ":" + text(service)
    }
}
