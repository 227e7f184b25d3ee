import Glibc

/// A loopback port nothing listens on (bound once to find a free one, then closed): connecting is refused at once,
/// and a daemon told to listen there gets the same port again after each restart, which port 0 would not give.
public func closedLoopbackPort() -> UInt16 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(descriptor, generic, length) == 0 ? getsockname(descriptor, generic, &length) : -1
        }
    }
    return UInt16(bigEndian: address.sin_port)
}
