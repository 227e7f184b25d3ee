import Foundation
import Glibc
import HTTP
import Shopify
import Testing
import TestSupport

/// The intake and the dashboard under `wasp up`, both sent the same hostile requests and held by the same floods:
/// each request is refused or outlived, neither daemon dies (wasp up restarts nothing), and nothing is written.
@Suite struct HostileFrontTests {
    static let secret = "hostile-secret"

    /// Requests no server may crash on, by name. Each gets a 4xx (after the good requests before it in the same
    /// stream) or a closed connection, but for a header with bytes past ASCII, which HTTP allows (obs-text).
    static let requests: [(String, Data)] = {
        let manyHeaders = (0..<10_000).map { "X-Header-\($0): v\r\n" }.joined()
        var shapes: [(String, String)] = [
            ("10,000 headers", "GET /login HTTP/1.1\r\nHost: x\r\n" + manyHeaders + "\r\n"),
            ("a 1 MB header", "GET /login HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n"),
            ("Content-Length with chunked", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            ("two Content-Lengths", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
            ("a negative Content-Length", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
            ("a chunk size past 2^63", "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8000000000000000\r\naa"),
            ("pipelined garbage", "GET /login HTTP/1.1\r\nHost: x\r\n\r\n\u{1}\u{2}garbage \u{7f}\r\n\r\n"),
            ("a NUL in the path", "GET /lo\u{0}gin HTTP/1.1\r\nHost: x\r\n\r\n"),
            ("a NUL in a header", "GET /login HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n"),
        ]
        shapes.append(("JSON nested 100,000 deep", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       + "Content-Length: 200000\r\n\r\n" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)))
        var requests = shapes.map { ($0.0, Data($0.1.utf8)) }
        let invalidUTF8: [UInt8] = [0xff, 0xfe, 0xc3, 0x28]
        requests.append(("invalid UTF-8 in the path", Data("GET /".utf8) + Data(invalidUTF8) + Data(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        requests.append((allowedBytes, Data("GET /login HTTP/1.1\r\nHost: x\r\nX-A: ".utf8) + Data(invalidUTF8)
                         + Data("\r\n\r\n".utf8)))
        return requests
    }()

    static let allowedBytes = "invalid UTF-8 in a header value"

    @Test func hostileRequestsAndFloodsLeaveBothDaemonsServingAndTheSpoolUntouched() throws {
        DescriptorLimit.raise()
        let root = try TemporaryRoot()
        try root.addTenant("shop", lines: ["shopify.secret = \(Self.secret)"])
        let up = try Wasp.start("up", root: root, readyWhen: "dashboard: listening")
        #expect(eventually(timeout: 10) { up.log.contains { $0.contains("intake: listening") } })
        let ports = [Self.port(of: "intake", in: up.log), Self.port(of: "dashboard", in: up.log)]
        let before = root.files()
        for port in ports {
            for (shape, bytes) in Self.requests {
                let connection = try RawConnection(port: port)
                connection.send(bytes)
                let answer = connection.receive(timeout: 5)
                let last = answer.components(separatedBy: "HTTP/1.1 ").last.flatMap { Int($0.prefix(3)) }
                let refused = last.map { (400..<500).contains($0) } ?? connection.isClosedByPeer
                #expect(refused || (shape == Self.allowedBytes && last == 200), "port \(port), \(shape): \(answer.prefix(120))")
            }
        }
        // A signed order whose body names its id twice is refused too: two readers could take different ids.
        let twice = Data(##"{"id":1001,"id":1002,"name":"#1001"}"##.utf8)
        let refused = try WebhookPoster(port: ports[0], secret: Self.secret).post(twice, path: "/webhooks/shop/orders/create")
        #expect(refused.status == 400, "\(refused.text)")
        try Self.floodAndServe(ports, secret: Self.secret)
        #expect(root.files() == before, "a refused request wrote nothing")
        #expect(!up.log.contains { $0.contains("up: exited") }, "no daemon died: \(up.log.filter { $0.contains("up:") })")
        _ = up.stop()
    }

    /// 2,000 idle connections to each and 200 dripping a byte now and then: a good client is still answered by both.
    private static func floodAndServe(_ ports: [UInt16], secret: String) throws {
        let idle = try ports.flatMap { port in try (0..<2000).map { _ in try RawConnection(port: port) } }
        let slow = try ports.flatMap { port in try (0..<200).map { _ in try RawConnection(port: port) } }
        slow.forEach { $0.send("GET /login HTTP/1.1\r\nHost: x\r\n") }
        for round in 0..<3 {
            slow.forEach { $0.send("X-Drip-\(round): 1\r\n") }
            #expect(try HTTPClient(host: "127.0.0.1", port: ports[0], timeout: 5).send("GET", "/healthz").status == 200)
            #expect(try HTTPClient(host: "127.0.0.1", port: ports[1], timeout: 5).send("GET", "/login").status == 200)
        }
        withExtendedLifetime((idle, slow)) {}
    }

    private static func port(of daemon: String, in log: [String]) -> UInt16 {
        let line = log.first { $0.contains("\(daemon): listening") } ?? ""
        let address = line.split(separator: " ").first { $0.hasPrefix("address=") } ?? ""
        return UInt16(address.split(separator: ":").last ?? "") ?? 0
    }
}
