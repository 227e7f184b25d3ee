import Foundation
import Spool
import Testing
import TestSupport

/// Logs and attempt details carry no customer's number (but its last 4 digits) and never a message's text, even
/// when the deep link that holds both is what failed.
@Suite struct PersonalDataInLogsTests {
    @Test func aDeepLinkThatCannotOpenLeavesNeitherNumberNorMessageInTheLogOrTheAttempt() throws {
        let harness = try SenderHarness(waspConf: ["sender.retry_base = 60s", "sender.retry_max = 60s"])
        try harness.link("shop")
        // A fresh browser with WhatsApp Web gone: its first page is the order's deep link, which cannot open.
        harness.kill()
        harness.standIn.stop()
        try harness.start()
        try harness.addReady("3601")
        #expect(harness.wait(for: ["3601"], in: .deferred), "\(harness.log.joined(separator: "\n"))")
        let record = try harness.orders["shop"]!.load("3601", in: .deferred)
        let details = record.attempts.compactMap(\.detail).joined(separator: "\n")
        #expect(details.contains("/send?…"), "the deep link was what failed: \(details)")
        let log = harness.log.joined(separator: "\n")
        #expect(log.contains("/send?…"), "\(log)")
        let number = try #require(record.phone.e164).filter(\.isNumber)
        // The sample's message starts "Hello Jane, ...": its words as typed and as the link encodes them.
        let words = String(record.message.prefix(10))
        for text in [details, log] {
            #expect(!text.contains(number.dropLast(4)), "the number, but its last 4 digits")
            #expect(!text.contains(words) && !text.contains(words.replacingOccurrences(of: " ", with: "%20")), "the message")
        }
    }
}
