import Foundation
import Spool
import Testing
import TestSupport

/// `wasp sender` against the stand-in's 2026 page (issue 23).
@Suite struct Page2026SenderTests {
    /// The shipped selectors of 2025 never saw their own message's tick on this page, so each try timed out and
    /// the next one sent again.
    @Test func fiveOrdersToFiveCustomersAreEachSentExactlyOnceWithDialogsAfterTheLinkAndMidRun() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        let ids = (1...5).map { "500\($0)" }
        for (index, id) in ids.enumerated() {
            if index == 2 {
                #expect(harness.wait(for: Array(ids[..<2]), in: .sent))
                harness.standIn.showDialog()
                #expect(eventually(timeout: 5) { harness.standIn.noticesOnScreen == 1 }, "the notice is up before the next order")
            }
            try harness.addReady(id) { $0.phone.e164 = "+6129876540\(index)" }
        }
        #expect(harness.wait(for: ids, in: .sent))
        for id in ids {
            #expect(harness.standIn.count(containing: id) == 1, "order \(id)")
            #expect(try harness.orders["shop"]!.load(id, in: .sent).attempts.map(\.outcome) == ["sent"])
        }
        #expect(Set(harness.standIn.messages.map(\.phone)).count == 5)
        // The link's load, and at most one more: on a loaded machine an in-app chat link may outlast its 3 s patience,
        // and the deep link takes over (`wasp bench sender` measures the loads; Page2026Tests prove a dialog costs none).
        #expect(harness.standIn.pageLoads <= 2, "the chats open inside the app, not by a full load each")
        #expect(harness.standIn.openWhatsNewDialogs == 0 && harness.standIn.openNotices == 0)
        let closed = harness.log.filter { $0.contains("dialog closed by its primary button") }
        #expect(closed.count == 2 && closed.allSatisfy { $0.contains("tenant=shop") }, "\(closed)")
        let files = try FileManager.default.contentsOfDirectory(atPath: harness.root.spool + "/shop/whatsapp")
        #expect(files.filter { $0.hasPrefix("dialog-") && $0.hasSuffix(".png") }.count >= 1, "\(files)")
    }

    /// The dialog was watched for only 5 s after the link: one coming 8 s later, with no order due, stayed open and
    /// logged the device out at its deadline.
    @Test func aDialogSecondsAfterTheLinkWithNothingDueIsClosedBeforeItLogsTheDeviceOut() throws {
        let harness = try SenderHarness(whatsNew: (delay: 8, deadline: 8))
        try harness.link("shop")
        #expect(eventually(timeout: 20) { harness.standIn.closedDialogs.whatsNew == 1 }, "closed by its Continue button")
        let deadlinePassed = Date().addingTimeInterval(10)
        while Date() < deadlinePassed { Thread.sleep(forTimeInterval: 0.5) }
        #expect(harness.standIn.loggedOutByDialog == 0 && harness.standIn.sessions.count == 1)
        #expect(harness.linkState("shop") == .linked)
        let closed = harness.log.filter { $0.contains("dialog closed by its primary button") }
        #expect(closed.count == 1 && closed[0].contains("What's new"), "logged once: \(closed)")
        try harness.addReady("7001")
        #expect(harness.wait(for: ["7001"], in: .sent))
    }

    @Test func aBrowserWhatsAppTurnsAwaySetsTheStateToErrorWithThatReason() throws {
        let harness = try SenderHarness(minimumChrome: 10_000)
        try harness.spool.requestLink(TenantID("shop")!)
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .error })
        let reason = harness.spool.linkStatus(TenantID("shop")!).reason ?? ""
        #expect(reason.contains("WhatsApp Web turned away the server's browser"), "\(reason)")
        #expect(reason.contains("works with Google Chrome 10000+"), "\(reason)")
    }

    @Test func sigtermDuringALinkWindowStopsTheSenderWithinSeconds() throws {
        let harness = try SenderHarness()
        try harness.spool.requestLink(TenantID("shop")!)
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .qr })
        let asked = Date()
        harness.sender?.stop()
        #expect(Date().timeIntervalSince(asked) < 5, "the link window is 30 s")
        #expect(harness.linkState("shop") != .qr, "no QR is offered by a stopped sender")
    }

    @Test func sigtermWhileWaitingForATickStopsTheSenderWithinSecondsAndTheOrderIsLookedForFirst() throws {
        let harness = try SenderHarness(waspConf: ["sender.send_timeout = 30s"])
        try harness.link("shop")
        harness.standIn.delayAcknowledgements(by: 20)
        try harness.addReady("6001")
        #expect(eventually(timeout: 20) { harness.standIn.count(containing: "6001") == 1 })
        let asked = Date()
        harness.sender?.stop()
        #expect(Date().timeIntervalSince(asked) < 5, "the send timeout is 30 s")
        harness.standIn.delayAcknowledgements(by: 0)
        try harness.start()
        #expect(harness.wait(for: ["6001"], in: .sent))
        #expect(harness.standIn.count(containing: "6001") == 1, "looked for in the chat, not sent again")
    }
}
