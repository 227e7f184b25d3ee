import Foundation
import HTTP
import Testing
import TestSupport

/// The dashboard shares the intake's HTTP face: connections that do nothing, or send a byte at a time, cost a
/// descriptor each and never keep a merchant from the login page.
@Suite struct ConnectionFloodTests {
    @Test func idleAndSlowFloodsDoNotStarveTheLoginPage() throws {
        let harness = try DashboardHarness()
        DescriptorLimit.raise()
        let idle = try (0..<1500).map { _ in try RawConnection(port: harness.port) }
        let slow = try (0..<300).map { _ in try RawConnection(port: harness.port) }
        slow.forEach { $0.send("GET /orders HTTP/1.1\r\nHost: x\r\n") }
        for round in 0..<3 {
            slow.forEach { $0.send("X-Drip-\(round): 1\r\n") }
            #expect(try harness.get("/login").status == 200, "round \(round)")
        }
        withExtendedLifetime(idle) {}
    }
}
