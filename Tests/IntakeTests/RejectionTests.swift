import Foundation
import HTTP
import Shopify
import Testing
import TestSupport

/// Every way a delivery can be refused; in each, nothing may be stored.
@Suite struct RejectionTests {
    let harness: IntakeHarness
    let order = SampleOrder.body(id: 71, number: 1071)

    init() throws {
        harness = try IntakeHarness(waspConf: ["intake.max_body = 64K", "intake.read_timeout = 1s"])
    }

    @Test func badSignatureIs401AndStoresNothing() throws {
        let forged = try harness.poster.post(order, path: "/webhooks/shop/orders/create",
                                             signature: WebhookSignature.sign(order, secret: "wrong"))
        #expect(forged.status == 401)
        let missing = try HTTPClient(host: "127.0.0.1", port: harness.port)
            .send("POST", "/webhooks/shop/orders/create", headers: [("X-Shopify-Topic", "orders/create")], body: order)
        #expect(missing.status == 401)
        #expect(harness.root.files(under: "spool").isEmpty)
    }

    @Test func unknownTenantIs404() throws {
        #expect(try harness.poster.post(order, path: "/webhooks/nobody/orders/create").status == 404)
        #expect(harness.root.files(under: "spool").isEmpty)
    }

    @Test(arguments: ["/webhooks/../etc/orders/create", "/webhooks/%2e%2e/orders/create", "/webhooks/5/../../x",
                      "/webhooks/shop/../../etc/wasp.conf", "/webhooks/shop%2forders/create", "/webhooks/SHOP/orders/create",
                      "/webhooks/shop/orders/create/../../../x", "/webhooks/shop/products/create", "/nothing"])
    func pathTricksAre404AndTouchNothing(_ path: String) throws {
        let before = harness.root.files()
        let connection = try RawConnection(port: harness.port)
        let signature = WebhookSignature.sign(order, secret: IntakeHarness.secret)
        connection.send("POST \(path) HTTP/1.1\r\nHost: x\r\nX-Shopify-Hmac-Sha256: \(signature)\r\n"
                        + "Content-Length: \(order.count)\r\nConnection: close\r\n\r\n")
        connection.send(order)
        #expect(RawConnection.status(of: connection.receive()) == 404)
        #expect(harness.root.files() == before)
    }

    @Test func wrongMethodIs405() throws {
        let response = try HTTPClient(host: "127.0.0.1", port: harness.port).send("GET", "/webhooks/shop/orders/create")
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
    }

    @Test(arguments: ["not json", "[1,2]", "\"text\"", "{\"name\":\"#1\"}", "{\"id\":\"abc\"}", ""])
    func bodyThatIsNotAnOrderIs400(_ text: String) throws {
        let response = try harness.poster.post(Data(text.utf8), path: "/webhooks/shop/orders/create")
        #expect(response.status == 400, "\(response.text)")
        #expect(harness.storedFiles().isEmpty)
    }

    @Test func eventThatIsNotAnObjectIs400() throws {
        #expect(try harness.poster.post(Data("[]".utf8), path: "/webhooks/shop/orders/cancelled").status == 400)
        #expect(harness.storedFiles().isEmpty)
    }

    @Test func missingLengthIs411() throws {
        let connection = try RawConnection(port: harness.port)
        connection.send("POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(RawConnection.status(of: connection.receive()) == 411)
    }

    @Test func oversizedBodyIs413WithoutReadingIt() throws {
        let connection = try RawConnection(port: harness.port)
        connection.send("POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\nContent-Length: 6000000\r\n\r\n{")
        let started = Date()
        #expect(RawConnection.status(of: connection.receive(timeout: 5)) == 413)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(harness.storedFiles().isEmpty)
    }

    @Test func slowClientIs408WhileOthersAreServed() throws {
        let slow = try RawConnection(port: harness.port)
        slow.send("POST /webhooks/shop/orders/create HTTP/1.1\r\nHost: x\r\nContent-Length: \(order.count)\r\n\r\n{\"id\":")
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create").status == 200)
        #expect(RawConnection.status(of: slow.receive(timeout: 5)) == 408)
        #expect(harness.storedFiles() == ["shop/incoming/71.json"])
    }
}
