import Foundation
import HTTP
import Spool
import Testing
import TestSupport

/// Live streams are limited per tenant and per client address (ten each), oldest closed first, so one merchant's
/// flood of streams never cuts off another merchant's live view. Behind the trusted proxy, the address is the
/// one it forwards.
@Suite final class StreamLimitTests {
    let harness: DashboardHarness

    init() throws {
        harness = try DashboardHarness(waspConf: ["dashboard.trusted_proxies = 127.0.0.1"])
    }

    @Test func aTenantsEleventhStreamClosesItsOldestAndNoOtherTenants() throws {
        let alpha = try harness.cookie("alpha")
        let streams = try (0..<11).map { try harness.stream(cookie: alpha, forwardedFor: "203.0.113.\($0)") }
        let beta = try harness.stream(cookie: try harness.cookie("beta"), forwardedFor: "198.51.100.1")
        Thread.sleep(forTimeInterval: 0.3)
        try harness.put("6200000000000001", tenant: harness.alpha)
        try harness.put("6200000000000002", tenant: harness.beta)
        #expect(harness.endsBeforeAnOrder(streams[0]), "the oldest of eleven streams stayed open")
        #expect(try harness.nextOrder(streams[1])?["id"].string == "6200000000000001")
        #expect(try harness.nextOrder(streams[10])?["id"].string == "6200000000000001")
        #expect(try harness.nextOrder(beta)?["id"].string == "6200000000000002")
    }

    @Test func anAddressesEleventhStreamClosesItsOldestWhateverTheTenant() throws {
        let alpha = try harness.cookie("alpha"), beta = try harness.cookie("beta")
        let shared = try (0..<5).map { _ in try harness.stream(cookie: alpha, forwardedFor: "203.0.113.9") }
            + (0..<6).map { _ in try harness.stream(cookie: beta, forwardedFor: "203.0.113.9") }
        let elsewhere = try harness.stream(cookie: alpha, forwardedFor: "198.51.100.2")
        Thread.sleep(forTimeInterval: 0.3)
        try harness.put("6200000000000003", tenant: harness.alpha)
        #expect(harness.endsBeforeAnOrder(shared[0]), "the address's oldest of eleven streams stayed open")
        #expect(try harness.nextOrder(shared[1])?["id"].string == "6200000000000003")
        #expect(try harness.nextOrder(elsewhere)?["id"].string == "6200000000000003")
    }
}
