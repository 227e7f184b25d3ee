import Foundation
import Spool
import Testing
import TestSupport
import WhatsAppStandIn

/// The live self-check (issue 23.5), through real Chromium against the stand-in's 2026 page: a selectors file
/// whose only `outgoing_message` line is the 2025 one (the stale line that made wasp message customers twice).
@Suite struct SelfCheckTests {
    static let shipped = (try? String(contentsOfFile: Paths.package + "/etc/whatsapp-web.selectors", encoding: .utf8)) ?? ""
    /// The shipped file without its 2026 `outgoing_message` line: `div.message-out` is left, which the page lacks.
    static let broken = shipped.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("outgoing_message = #main") }.joined(separator: "\n")

    @Test func aSelectorMissingOnTheLivePageHoldsSendsUntilTheFixedFileChecksGood() throws {
        #expect(Self.broken != Self.shipped && Self.broken.contains("outgoing_message = div.message-out"))
        let alerts = FileManager.default.temporaryDirectory.appendingPathComponent("wasp-alerts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: alerts) }
        let harness = try SenderHarness(waspConf: ["sender.self_check_retry = 1s",
                                                   #"alert.command = echo "$WASP_STATE|$WASP_REASON" >> \#(alerts)"#])
        let tenant = TenantID("shop")!
        let selectorsFile = harness.root.path + "/etc/whatsapp-web.selectors"
        try harness.link("shop")
        try harness.addReady("7001")
        #expect(harness.wait(for: ["7001"], in: .sent))
        let passed = harness.spool.selfCheck(tenant)
        #expect(passed?.isPassing == true && passed?.build == "2.3000.\(StandInEdition.of2026.clientRevision)", "\(String(describing: passed))")

        try Self.broken.write(toFile: selectorsFile, atomically: true, encoding: .utf8)
        harness.sender?.stop()
        try harness.start()
        try harness.addReady("7002")
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .error }, "\(harness.log.joined(separator: "\n"))")
        let link = harness.spool.linkStatus(tenant)
        #expect(link.isPausedBySelfCheck && link.reason?.contains("outgoing_message") == true, "\(link)")
        // Checked again every second meanwhile: the order waits where it was, nothing goes, and ops hear of it once.
        Thread.sleep(forTimeInterval: 4)
        #expect(harness.orders["shop"]!.states(of: "7002") == [.ready])
        #expect(harness.standIn.count(containing: "7002") == 0)
        let failed = harness.spool.selfCheck(tenant)
        #expect(failed?.missing == ["outgoing_message"] && failed?.screen == "chat", "\(String(describing: failed))")
        for file in ["self-check.png", "self-check.html"] {
            #expect(FileManager.default.fileExists(atPath: harness.spool.path(tenant, .whatsapp, file)), "\(file)")
        }
        #expect(harness.log.filter { $0.contains("self-check failed") }.count == 1, "\(harness.log.joined(separator: "\n"))")
        let status = try Wasp.run(["status", "shop", "--root", harness.root.path]).output
        #expect(status.contains("error  Sending paused: WhatsApp Web has changed"), "\(status)")
        let doctor = try Wasp.run(["doctor", "shop", "--root", harness.root.path])
        #expect(doctor.status == 1)
        #expect(doctor.output.contains("FAIL  whatsapp web self-check: outgoing_message not found on the chat screen"),
                "\(doctor.output)")

        try Self.shipped.write(toFile: selectorsFile, atomically: true, encoding: .utf8)
        #expect(harness.wait(for: ["7002"], in: .sent, timeout: 20), "\(harness.log.joined(separator: "\n"))")
        #expect(harness.standIn.count(containing: "7002") == 1)
        #expect(harness.linkState("shop") == .linked)
        let seen = ((try? String(contentsOfFile: alerts, encoding: .utf8)) ?? "").split(separator: "\n").map { $0.split(separator: "|")[0] }
        #expect(seen == ["qr", "linked", "error", "linked"], "\(seen)")
    }

    @Test func theFirstCheckOfALinkRecordsTheBuildAndTheScreen() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        let result = harness.spool.selfCheck(TenantID("shop")!)
        #expect(result?.isPassing == true, "\(String(describing: result))")
        #expect(result?.screen == "chat list")
        #expect(result?.found.contains(#"chat_list = #pane-side"#) == true, "\(String(describing: result?.found))")
        #expect(result?.build == "2.3000.\(StandInEdition.of2026.clientRevision)")
    }

    @Test func aBrowserInUseIsCheckedAgainAfterSelfCheckEvery() throws {
        let harness = try SenderHarness(waspConf: ["sender.self_check_every = 1s"])
        try harness.link("shop")
        try harness.addReady("7101")
        #expect(harness.wait(for: ["7101"], in: .sent))
        Thread.sleep(forTimeInterval: 1.5)
        try harness.addReady("7102")
        #expect(harness.wait(for: ["7102"], in: .sent))
        let passed = harness.log.filter { $0.contains("self-check passed") && $0.contains("tenant=shop") }
        #expect(passed.count >= 2, "after the link, and again before 7102: \(passed)")
        #expect(harness.spool.selfCheck(TenantID("shop")!)?.found.contains { $0.hasPrefix("outgoing_message = ") } == true,
                "the second check opened the chat of 7101 and found the message")
    }
}
