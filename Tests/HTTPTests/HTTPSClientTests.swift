import Foundation
import Glibc
import HTTP
import Testing
import TestSupport

/// Certificates made for each run with the `openssl` program: a CA the client is told to trust (through
/// `SSL_CERT_FILE`, as every OpenSSL program honours), server certificates it signed, and one it did not.
final class TestCertificates: @unchecked Sendable {
    let directory: String

    /// Before any TLS connection in this process: OpenSSL reads `SSL_CERT_FILE` when our client's context is made.
    static let shared: TestCertificates = {
        let certificates = try! TestCertificates()
        setenv("SSL_CERT_FILE", certificates.directory + "/ca.pem", 1)
        return certificates
    }()

    private init() throws {
        directory = NSTemporaryDirectory() + "wasp-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=wasp test CA",
                     "-keyout", "ca.key", "-out", "ca.pem"])
        try sign("loopback", subjectAltName: "IP:127.0.0.1")
        try sign("elsewhere", subjectAltName: "DNS:graph.example.com")
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=stranger",
                     "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "stranger.key", "-out", "stranger.pem"])
    }

    private func sign(_ name: String, subjectAltName: String) throws {
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)", "-keyout", "\(name).key",
                     "-out", "\(name).csr"])
        try String("subjectAltName=\(subjectAltName)\n").write(toFile: "\(directory)/\(name).ext", atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-days", "2", "-extfile", "\(name).ext", "-out", "\(name).pem"])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
    }
}

/// `openssl s_server -www`: a real TLS server that answers `GET /` with an HTTP/1.0 page ended by closing.
final class TLSServer {
    let port = closedLoopbackPort()
    private let process = Process()

    init(certificate name: String, in certificates: TestCertificates) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-quiet", "-www", "-accept", "127.0.0.1:\(port)",
                             "-cert", "\(certificates.directory)/\(name).pem", "-key", "\(certificates.directory)/\(name).key"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where (try? HTTPClient(host: "127.0.0.1", port: port, timeout: 1)) == nil {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)  // s_server does not stop for SIGTERM
        process.waitUntilExit()
    }
}

@Suite(.serialized) struct HTTPSClientTests {
    let certificates = TestCertificates.shared

    @Test func aCertificateFromATrustedAuthorityForTheAddressIsAccepted() throws {
        let server = try TLSServer(certificate: "loopback", in: certificates)
        let client = try HTTPClient(host: "127.0.0.1", port: server.port, tls: true, timeout: 5)
        let response = try client.send("GET", "/")
        #expect(response.status == 200)
        #expect(response.text.contains("s_server"), "the page s_server describes its session on, read to its close")
        #expect(!client.isOpen, "a body ended by closing leaves nothing to reuse")
    }

    @Test func aCertificateForAnotherNameIsRefused() throws {
        let server = try TLSServer(certificate: "elsewhere", in: certificates)
        let error = #expect(throws: HTTPError.self) {
            _ = try HTTPClient(host: "127.0.0.1", port: server.port, tls: true, timeout: 5)
        }
        #expect(error?.description.contains("not trusted") == true, "\(String(describing: error))")
    }

    @Test func aCertificateNoTrustedAuthoritySignedIsRefused() throws {
        let server = try TLSServer(certificate: "stranger", in: certificates)
        let error = #expect(throws: HTTPError.self) {
            _ = try HTTPClient(host: "127.0.0.1", port: server.port, tls: true, timeout: 5)
        }
        #expect(error?.description.contains("not trusted") == true, "\(String(describing: error))")
    }

    @Test func aServerThatNeverAnswersTheHandshakeTimesOut() throws {
        let listener = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { _ in .text(200, "never reached") }
        // Listening but never accepting: the kernel completes TCP, nobody speaks TLS.
        let started = Date()
        #expect(throws: HTTPError.timedOut) {
            _ = try HTTPClient(host: "127.0.0.1", port: listener.port, tls: true, timeout: 0.5)
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}

@Suite struct KeptAliveClientTests {
    @Test func aConnectionTheServerClosedWhileIdleIsNotReused() throws {
        var limits = HTTPServerLimits()
        limits.idleTimeout = 0.3
        let server = try EchoServer(limits: limits)
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(try client.send("POST", "/one", body: Data("a".utf8)).status == 200)
        #expect(client.isReusable, "kept alive right after an answer")
        #expect(try client.send("POST", "/two", body: Data("b".utf8)).text == "POST /two 1 b")
        // The server closes it for idleness when its loop next looks, which a loaded machine delays.
        #expect(eventually(timeout: 15) { !client.isReusable }, "the server closed it; a request on it would be lost")
    }
}
