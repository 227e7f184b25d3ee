import Foundation
import Glibc
import Chromium
import Spool
import Testing
import WhatsApp
import TestSupport

/// Faults the SPEC names, each provoked for real: a browser killed mid-send, a hung page, the sender killed
/// during a load, a phone logging the session out, a browser that cannot start.
@Suite struct SenderFaultTests {
    @Test func aBrowserKilledMidSendNeverSendsTwice() throws {
        // A backoff long enough that only an immediate retry is sent within the test's wait.
        let harness = try SenderHarness(waspConf: ["sender.retry_base = 60s", "sender.retry_max = 60s"])
        try harness.link("shop")
        harness.standIn.delayAcknowledgements(by: 3)
        try harness.addReady("3001")
        #expect(eventually(timeout: 15) { harness.standIn.count(containing: "3001") == 1 })
        let profile = harness.spool.path(TenantID("shop")!, .chrome)
        for pid in ProfileProcesses.all(profile) { kill(pid, SIGKILL) }
        harness.standIn.delayAcknowledgements(by: 0)
        // The dead browser said nothing about the order: it was due again at once, not after the backoff.
        #expect(harness.wait(for: ["3001"], in: .sent, timeout: 20), "\(harness.log.joined(separator: "\n"))")
        #expect(harness.standIn.count(containing: "3001") == 1, "the retry found the message in the chat")
        let attempts = try harness.orders["shop"]!.load("3001", in: .sent).attempts
        #expect(attempts.map(\.outcome) == ["error", "found_in_chat"])
    }

    @Test func aHungPageTimesOutAndTheBrowserIsRestarted() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        harness.standIn.hangRunningPages(1)
        // The linked page checks its session every half second; once it has taken the hang, the order comes.
        #expect(eventually(timeout: 10) { harness.standIn.pendingPageHangs == 0 })
        try harness.addReady("3101")
        #expect(harness.wait(for: ["3101"], in: .sent, timeout: 40))
        #expect(harness.standIn.count(containing: "3101") == 1)
        #expect(harness.log.contains { $0.contains("browser restarted") && $0.contains("order=3101") },
                "\(harness.log.joined(separator: "\n"))")
        let attempts = try harness.orders["shop"]!.load("3101", in: .sent).attempts
        #expect(attempts.first?.outcome == "error")
        #expect(attempts.first?.detail?.contains("hung") == true)
    }

    @Test func theSenderKilledDuringALoadSendsEveryOrderExactlyOnce() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        let ids = (1...30).map { String(4000 + $0) }
        for id in ids { try harness.addReady(id) }
        #expect(eventually(timeout: 30) { harness.standIn.messages.count >= 8 })
        harness.kill()
        try harness.start()
        #expect(harness.wait(for: ids, in: .sent, timeout: 60))
        for id in ids { #expect(harness.standIn.count(containing: " \(id) ") == 1, "order \(id)") }
    }

    @Test func aPhoneLoggingOutIsDetectedAndOrdersWait() throws {
        let harness = try SenderHarness()
        try harness.link("shop")
        harness.standIn.logOut(harness.standIn.sessions.first!)
        try harness.addReady("3201")
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .loggedOut }, "\(harness.log.joined(separator: "\n"))")
        #expect(eventually(timeout: 10) { harness.orders["shop"]!.states(of: "3201") == [.deferred] })
        let status = try Wasp.run(["status", "shop", "--root", harness.root.path])
        #expect(status.output.contains("whatsapp") && status.output.contains("logged-out"))
        #expect(harness.standIn.messages.isEmpty)
        let attempts = try harness.orders["shop"]!.load("3201", in: .deferred).attempts
        #expect(attempts.map(\.outcome) == ["not_linked"])
    }

    @Test func aBrowserThatCannotStartFailsTheOrderAfterMaxAttempts() throws {
        let harness = try SenderHarness(waspConf: ["chrome.path = /bin/false", "sender.max_attempts = 2"],
                                        startSender: false)
        try harness.spool.setLinkState(.linked, tenant: TenantID("shop")!)
        try harness.start()
        try harness.addReady("3301")
        #expect(harness.wait(for: ["3301"], in: .failed))
        let record = try harness.orders["shop"]!.load("3301", in: .failed)
        #expect(record.failure?.hasPrefix("too many attempts (2)") == true)
        #expect(record.failure?.contains("cannot start Chromium") == true)
    }

    /// Unlinked, the orders with a phone wait for the link; one with none could never be sent, so it fails at once
    /// and is not counted as waiting.
    @Test func anOrderWithNoPhoneFailsAtOnceEvenWhileWhatsAppIsUnlinked() throws {
        let harness = try SenderHarness(waspConf: ["chrome.path = /bin/false"], startSender: false)
        try harness.start()
        try harness.addReady("3402")
        try harness.addReady("3403") { $0.phone = .init(asWritten: nil, e164: nil, source: nil, problem: "no phone in the order") }
        #expect(harness.wait(for: ["3403"], in: .failed))
        #expect(try harness.orders["shop"]!.load("3403", in: .failed).failure == "no phone: no phone in the order")
        #expect(harness.orders["shop"]!.states(of: "3402") == [.ready], "an order with a phone waits for the link")
    }

    @Test func anOrderWithNoPhoneFailsAtOnceWithoutABrowser() throws {
        let harness = try SenderHarness(startSender: false)
        try harness.spool.setLinkState(.linked, tenant: TenantID("shop")!)
        try harness.start()
        try harness.addReady("3401") { $0.phone = .init(asWritten: nil, e164: nil, source: nil, problem: "no phone in the order") }
        #expect(harness.wait(for: ["3401"], in: .failed))
        #expect(try harness.orders["shop"]!.load("3401", in: .failed).failure == "no phone: no phone in the order")
        #expect(harness.standIn.shownCodes.isEmpty && harness.standIn.messages.isEmpty)
    }
}

@Suite struct UnexpectedPageTests {
    /// WhatsApp changed its page: no selector finds the message box, so the order waits and the operator gets
    /// the page to fix the selectors file with.
    @Test func anUnexpectedPageIsSavedForTheOperatorAndTheOrderRetried() throws {
        let harness = try SenderHarness(startSender: false)
        let selectors = harness.root.path + "/etc/whatsapp-web.selectors"
        try WhatsAppSelectors.shipped.split(separator: "\n").filter { !$0.hasPrefix("compose_box") }.map(String.init)
            .appending("compose_box = div.renamed-by-whatsapp").joined(separator: "\n")
            .write(toFile: selectors, atomically: true, encoding: .utf8)
        try harness.start()
        try harness.link("shop")
        try harness.addReady("3501")
        let whatsapp = harness.spool.path(TenantID("shop")!, .whatsapp)
        #expect(eventually(timeout: 30) { FileManager.default.fileExists(atPath: whatsapp + "/last-failure.html") })
        let html = try String(contentsOfFile: whatsapp + "/last-failure.html", encoding: .utf8)
        #expect(html.contains("Type a message"), "the page as it was, showing the renamed box")
        #expect(FileManager.default.contents(atPath: whatsapp + "/last-failure.png")?.starts(with: [0x89, 0x50]) == true)
        #expect(eventually(timeout: 10) {
            harness.log.contains { $0.contains("order=3501 deferred outcome=error detail=\"unexpected page") }
        })
        #expect(harness.standIn.messages.isEmpty)
    }
}

private extension Array {
    func appending(_ element: Element) -> [Element] { self + [element] }
}
