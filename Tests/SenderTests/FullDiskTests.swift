import Foundation
import Spool
import Testing
import TestSupport

/// The sender on a spool that fills up: a message that went while the disk was full is recorded as soon as the
/// disk has room (not left in active/ for a restart to find), and no other order is claimed meanwhile.
@Suite struct FullDiskTests {
    @Test(.enabled(if: SmallFileSystem.canMount, "needs root to mount a small file system"))
    func aMessageSentOnAFullDiskIsRecordedWhenRoomReturnsAndNothingElseIsClaimed() throws {
        let harness = try SenderHarness(spoolSize: "64m")
        try harness.link("shop")
        harness.standIn.delayAcknowledgements(by: 2)
        let ids = (1...4).map { String(6000 + $0) }
        for id in ids { try harness.addReady(id) }
        // The first message is on the clock when the disk fills: it goes, but its outcome cannot be written.
        #expect(eventually(timeout: 15) { harness.standIn.messages.count == 1 })
        try harness.disk!.fill()
        #expect(eventually(timeout: 15) { harness.log.contains { $0.contains("no order is claimed until") } },
                "\(harness.log.joined(separator: "\n"))")
        Thread.sleep(forTimeInterval: 3)
        #expect(harness.standIn.messages.count == 1, "nothing was claimed and sent while an outcome waited")
        #expect(harness.spool.list(TenantID("shop")!, .ready).count == 3)
        try harness.disk!.free()
        #expect(harness.wait(for: ids, in: .sent, timeout: 30), "\(harness.log.joined(separator: "\n"))")
        for id in ids { #expect(harness.standIn.count(containing: " \(id) ") == 1, "order \(id)") }
        #expect(harness.log.filter { $0.contains("cannot record the outcome") }.count == 1, "one line per order refused")
        #expect(harness.log.filter { $0.contains("no order is claimed until") }.count == 1, "one line per change")
        #expect(harness.log.contains { $0.contains("outcomes recorded; claiming orders again") })
        #expect(!harness.log.contains { $0.contains("found in active/ at start") }, "recorded without a restart")
    }
}
