import Foundation
import HTTP
import Testing
import TestSupport

/// A real server on a loopback port with an echoing handler, stopped at the end of each test.
final class EchoServer: @unchecked Sendable {
    let server: HTTPServer
    private let finished = DispatchSemaphore(value: 0)

    init(limits: HTTPServerLimits = HTTPServerLimits(), bodyLimit: Int = 1024,
         delay: TimeInterval = 0) throws {
        var limits = limits
        limits.maxBodyBytes = bodyLimit
        server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { request in
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            do throws(HTTPError) {
                let body = try request.readBody(limit: bodyLimit)
                return .text(200, "\(request.method) \(request.target) \(body.count) \(String(decoding: body, as: UTF8.self))")
            } catch {
                return error.response
            }
        }
        let server = self.server
        let finished = self.finished
        Thread {
            server.run(grace: 2)
            finished.signal()
        }.start()
    }

    var port: UInt16 { server.port }

    deinit {
        server.stop()
        finished.wait()
    }
}

@Suite struct HTTPServerTests {
    @Test func keepAliveCarriesSeveralRequests() throws {
        let echo = try EchoServer()
        let client = try HTTPClient(host: "127.0.0.1", port: echo.port)
        for index in 0..<3 {
            let response = try client.send("POST", "/r\(index)", body: Data("hello".utf8))
            #expect(response.status == 200)
            #expect(response.text == "POST /r\(index) 5 hello")
        }
    }

    @Test func chunkedBodyIsDecoded() throws {
        let echo = try EchoServer()
        let connection = try RawConnection(port: echo.port)
        connection.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n")
        let response = connection.receive()
        #expect(RawConnection.status(of: response) == 200)
        #expect(response.hasSuffix("POST /c 9 Wikipedia"))
    }

    @Test func oversizedBodyIsRefusedBeforeItIsSent() throws {
        let echo = try EchoServer()
        let connection = try RawConnection(port: echo.port)
        connection.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n")
        let response = connection.receive(timeout: 5)
        #expect(RawConnection.status(of: response) == 413)
        #expect(response.contains("Connection: close"))
    }

    @Test func oversizedChunkedBodyIsRefused() throws {
        let echo = try EchoServer()
        let connection = try RawConnection(port: echo.port)
        connection.send("POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + String(repeating: "a", count: 2048))
        #expect(RawConnection.status(of: connection.receive(timeout: 5)) == 413)
    }

    @Test func slowClientGets408WhileOthersAreServed() throws {
        var limits = HTTPServerLimits()
        limits.requestTimeout = 1
        let echo = try EchoServer(limits: limits)
        let slow = try RawConnection(port: echo.port)
        slow.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        let fast = try HTTPClient(host: "127.0.0.1", port: echo.port)
        #expect(try fast.send("GET", "/fast").status == 200)
        let started = Date()
        #expect(RawConnection.status(of: slow.receive(timeout: 5)) == 408)
        #expect(Date().timeIntervalSince(started) < 4)
    }

    @Test func headerThatNeverEndsGets431() throws {
        let echo = try EchoServer()
        let connection = try RawConnection(port: echo.port)
        connection.send("GET / HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 40_000))
        #expect(RawConnection.status(of: connection.receive(timeout: 5)) == 431)
    }

    @Test func garbageGets400() throws {
        let echo = try EchoServer()
        let connection = try RawConnection(port: echo.port)
        connection.send("HELLO\r\n\r\n")
        #expect(RawConnection.status(of: connection.receive(timeout: 5)) == 400)
    }

    @Test func connectionsBeyondTheLimitGet503() throws {
        var limits = HTTPServerLimits()
        limits.maxConnections = 2
        let echo = try EchoServer(limits: limits)
        let held = try (0..<2).map { _ in try RawConnection(port: echo.port) }
        held.forEach { $0.send("GET /hold HTTP/1.1\r\nHost: x\r\n") }
        Thread.sleep(forTimeInterval: 0.2)
        let extra = try RawConnection(port: echo.port)
        let response = extra.receive(timeout: 5)
        #expect(RawConnection.status(of: response) == 503)
        #expect(response.contains("Retry-After"))
    }

    @Test func stopLetsTheRequestInFlightFinish() throws {
        var echo: EchoServer? = try EchoServer(delay: 0.5)
        let connection = try RawConnection(port: echo!.port)
        connection.send("GET /inflight HTTP/1.1\r\nHost: x\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        echo!.server.stop()
        let response = connection.receive(timeout: 5)
        #expect(RawConnection.status(of: response) == 200)
        echo = nil
    }
}
