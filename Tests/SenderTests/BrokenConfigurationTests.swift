import Foundation
import Spool
import Testing
import TestSupport

/// A typo in a tenant file while its orders wait: the sender neither spins nor floods its log, and the orders go
/// as soon as the file is fixed (or at once, with the version in force before the typo).
@Suite struct BrokenConfigurationTests {
    @Test func aTenantFileThatNeverParsedMakesItsOrdersWaitQuietlyUntilItIsFixed() throws {
        let harness = try SenderHarness(startSender: false)
        let file = harness.root.path + "/etc/tenants/shop.conf"
        let good = try String(contentsOfFile: file, encoding: .utf8)
        try (good + "\ndealy = 5m\n").write(toFile: file, atomically: true, encoding: .utf8)
        for index in 0..<20 { try harness.addReady(String(4100 + index)) }
        try harness.start()
        Thread.sleep(forTimeInterval: 3)
        let sender = try #require(harness.sender)
        let lines = harness.log.filter { $0.contains("tenant=shop") }
        #expect(lines.count <= 3, "\(lines.count) lines: \(lines.prefix(5))")
        #expect(lines.contains { $0.contains("tenant configuration rejected") && $0.contains("dealy") })
        #expect(sender.cpuSeconds() < 1.0, "the sender used \(sender.cpuSeconds()) s of CPU in 3 s")
        #expect(harness.orders["shop"]!.names(.ready).count == 20)
        // Fixed: the next look (within a rescan interval) finds it, and the orders go once the tenant is linked.
        try good.write(toFile: file, atomically: true, encoding: .utf8)
        try harness.link("shop")
        #expect(harness.wait(for: (0..<20).map { String(4100 + $0) }, in: .sent, timeout: 60), "\(harness.log.suffix(10))")
        #expect(harness.log.contains { $0.contains("tenant configuration usable again") })
    }

    @Test func aFileThatTurnsBadKeepsTheVersionTheSenderStartedWith() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        let file = harness.root.path + "/etc/tenants/shop.conf"
        try (try String(contentsOfFile: file, encoding: .utf8) + "\ndealy = 5m\n").write(toFile: file, atomically: true, encoding: .utf8)
        try harness.addReady("4200")
        #expect(harness.wait(for: ["4200"], in: .sent))
        let rejections = harness.log.filter { $0.contains("tenant configuration rejected") }
        #expect(rejections.count == 1 && rejections[0].contains("the last good version stays in force"), "\(rejections)")
    }
}
