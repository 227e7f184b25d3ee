import Foundation
import Glibc
import HTTP
import Shopify
import Testing
import TestSupport

/// Requests shaped to crash, confuse or starve the intake. Each is refused (or outlived) by the real binary, which
/// stores nothing for it and goes on serving.
@Suite struct HostileRequestTests {
    let harness: IntakeHarness
    let order = SampleOrder.body(id: 81, number: 1081)
    let smuggled = SampleOrder.body(id: 82, number: 1082)

    init() throws {
        harness = try IntakeHarness()
    }

    private var signature: String { WebhookSignature.sign(order, secret: IntakeHarness.secret) }

    private func expectStillServing() throws {
        let health = try HTTPClient(host: "127.0.0.1", port: harness.port).send("GET", "/healthz")
        #expect(health.status == 200)
    }

    @Test(arguments: ["7fffffffffffffff", "7ffffffffffffffe", "8000000000000000", "ffffffffffffffffff", "-1"])
    func aChunkSizeNearIntMaxAfterAChunkIs413Or400AndTheIntakeLives(_ size: String) throws {
        let connection = try RawConnection(port: harness.port)
        connection.send("POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\nX-Shopify-Hmac-Sha256: \(signature)\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n\(size)\r\n" + String(repeating: "a", count: 64))
        let status = RawConnection.status(of: connection.receive(timeout: 5))
        #expect(status == 413 || status == 400, "status \(String(describing: status))")
        try expectStillServing()
        #expect(harness.storedFiles().isEmpty)
    }

    /// RFC 9112 section 6.3: framing that two servers could read two ways is refused, so no second request can hide
    /// in a body. The smuggled order, if read as a request of its own, would be stored; it must not be.
    @Test(arguments: [
        ("two Transfer-Encodings", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
        ("Transfer-Encoding then chunked", "Transfer-Encoding: gzip, chunked\r\n"),
        ("chunked not last", "Transfer-Encoding: chunked, identity\r\n"),
        ("Content-Length with chunked", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"),
        ("two different Content-Lengths", "Content-Length: %LENGTH%\r\nContent-Length: 9999\r\n"),
        ("a list of different Content-Lengths", "Content-Length: %LENGTH%, 9999\r\n"),
        ("a signed Content-Length", "Content-Length: +%LENGTH%\r\n"),
        ("a NUL in a header name", "X-A\u{0}b: 1\r\nContent-Length: %LENGTH%\r\n"),
        ("a space before the colon", "Content-Length : %LENGTH%\r\n"),
        ("a bare LF", "X-A: 1\nContent-Length: %LENGTH%\r\n"),
        ("two Hosts", "Host: y\r\nContent-Length: %LENGTH%\r\n"),
    ])
    func ambiguousFramingIs400AndTheConnectionCloses(_ shape: String, _ framing: String) throws {
        let second = "POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\nX-Shopify-Topic: orders/create\r\n"
            + "X-Shopify-Hmac-Sha256: \(WebhookSignature.sign(smuggled, secret: IntakeHarness.secret))\r\n"
            + "Content-Length: \(smuggled.count)\r\n\r\n" + String(decoding: smuggled, as: UTF8.self)
        let connection = try RawConnection(port: harness.port)
        connection.send("POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\nX-Shopify-Topic: orders/create\r\n"
                        + "X-Shopify-Hmac-Sha256: \(signature)\r\n"
                        + framing.replacingOccurrences(of: "%LENGTH%", with: String(order.count)) + "\r\n")
        connection.send(order)
        connection.send(second)
        let answer = connection.receive(timeout: 5)
        #expect(RawConnection.status(of: answer) == 400, "\(shape): \(answer)")
        #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "\(shape): more than one answer")
        #expect(answer.contains("Connection: close"), "\(shape)")
        #expect(harness.storedFiles().isEmpty, "\(shape)")
        try expectStillServing()
    }

    /// Many connections doing nothing, or sending a byte at a time, cost descriptors, not threads: a good client
    /// is still answered, past the old limit of 256 connections.
    @Test func idleAndSlowFloodsDoNotStarveAGoodClient() throws {
        DescriptorLimit.raise()
        let idle = try (0..<1500).map { _ in try RawConnection(port: harness.port) }
        let slow = try (0..<300).map { _ in try RawConnection(port: harness.port) }
        slow.forEach { $0.send("POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\n") }
        for round in 0..<3 {
            slow.forEach { $0.send("X-Drip-\(round): 1\r\n") }
            let id = UInt64(900 + round)
            let response = try harness.poster.post(SampleOrder.body(id: id, number: 1900 + round),
                                                   path: "/webhooks/shop/orders/create")
            #expect(response.status == 200, "round \(round): \(response.status)")
        }
        #expect(harness.files(.incoming) == ["900.json", "901.json", "902.json"])
        withExtendedLifetime(idle) {}
    }
}

/// At the connection limit, the oldest idle connection is closed to make room; a new client is never refused for
/// connections that are doing nothing.
@Suite struct ConnectionLimitTests {
    @Test func atTheLimitTheOldestIdleConnectionMakesRoom() throws {
        let harness = try IntakeHarness(waspConf: ["intake.max_connections = 20"])
        let idle = try (0..<20).map { _ in try RawConnection(port: harness.port) }
        Thread.sleep(forTimeInterval: 0.3)
        let response = try harness.poster.post(SampleOrder.body(id: 77, number: 1077), path: "/webhooks/shop/orders/create")
        #expect(response.status == 200)
        #expect(idle[0].receive(timeout: 2) == "" && idle[0].isClosedByPeer, "the oldest idle connection was kept")
    }
}
