import COpenSSL
import Glibc

/// A client's TLS session (OpenSSL) on a non-blocking socket. The server's certificate must chain to the system's
/// trusted roots (or `SSL_CERT_FILE`, as every OpenSSL program honours) and name the host we asked for.
final class TLSChannel {
    private let ssl: OpaquePointer
    private let descriptor: Int32

    /// One context for every connection: loading the trusted roots is the expensive part, and a context is safe to
    /// share between threads once set up.
    nonisolated(unsafe) private static let context: OpaquePointer? = {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return nil }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        wasp_ssl_ignore_unexpected_eof(context)
        guard SSL_CTX_set_default_verify_paths(context) == 1 else { return nil }
        return context
    }()

    init(descriptor: Int32, host: String, until deadline: Double) throws(HTTPError) {
        guard let context = Self.context, let ssl = SSL_new(context) else {
            throw .connectionLost("TLS could not be set up: \(Self.lastError())")
        }
        self.ssl = ssl
        self.descriptor = descriptor
        SSL_set_fd(ssl, descriptor)
        if Self.isAddressLiteral(host) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            SSL_set1_host(ssl, host)
            wasp_ssl_set_server_name(ssl, host)
        }
        try handshake(host: host, until: deadline)
    }

    deinit {
        SSL_free(ssl)
    }

    private func handshake(host: String, until deadline: Double) throws(HTTPError) {
        while true {
            ERR_clear_error()
            let result = SSL_connect(ssl)
            if result == 1 { return }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: try wait(for: POLLIN, until: deadline)
            case SSL_ERROR_WANT_WRITE: try wait(for: POLLOUT, until: deadline)
            default:
                let verdict = SSL_get_verify_result(ssl)
                if verdict != X509_V_OK {
                    throw .connectionLost("the certificate of \(host) is not trusted: "
                                          + String(cString: X509_verify_cert_error_string(verdict)))
                }
                throw .connectionLost("TLS handshake with \(host) failed: \(Self.lastError())")
            }
        }
    }

    enum Transfer { case moved(Int), wouldBlock, ended }

    /// Decrypted bytes already inside OpenSSL, which `poll` on the socket cannot see.
    var hasPendingBytes: Bool { SSL_pending(ssl) > 0 }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPError) -> Transfer {
        ERR_clear_error()
        let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return .moved(Int(count)) }
        return try failure(of: count)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(HTTPError) -> Transfer {
        ERR_clear_error()
        let count = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        if count > 0 { return .moved(Int(count)) }
        return try failure(of: count)
    }

    private func failure(of result: Int32) throws(HTTPError) -> Transfer {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .wouldBlock
        case SSL_ERROR_ZERO_RETURN: return .ended
        case SSL_ERROR_SYSCALL where errno == 0 || errno == EPIPE || errno == ECONNRESET: return .ended
        default: throw .connectionLost("TLS: \(Self.lastError())")
        }
    }

    private func wait(for events: Int32, until deadline: Double) throws(HTTPError) {
        guard Socket.wait(descriptor, for: events, until: deadline) else { throw .timedOut }
    }

    private static func isAddressLiteral(_ host: String) -> Bool {
        var scratch = in6_addr()
        return inet_pton(AF_INET, host, &scratch) == 1 || inet_pton(AF_INET6, host, &scratch) == 1
    }

    private static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "the connection closed" }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
