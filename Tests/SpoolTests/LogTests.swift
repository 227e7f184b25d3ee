import Foundation
@testable import Spool
import Testing
import TestSupport

@Suite struct LogTests {
    @Test func aDaemonsLinesStartWithAnRFC3339TimeUnlessTheJournalStampsThem() throws {
        let root = try TemporaryRoot()
        try "intake.listen = nowhere\n".write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        let stamped = try Wasp.run(["intake", "--root", root.path])
        #expect(stamped.status == 1)
        let line = try #require(stamped.errors.split(separator: "\n").first.map(String.init))
        let time = String(line.prefix { $0 != " " })
        #expect(time.count == 24 && Timestamp.date(time) != nil && line.dropFirst(25).hasPrefix("intake: cannot start"), "\(line)")
    }

    @Test func numbersInAPagesWordsAreMaskedButTheirLastFourDigits() {
        #expect(Log.masked(numbersIn: "The phone number +49 151 1234-5678 shared via url is invalid.")
                == "The phone number +** *** ****-5678 shared via url is invalid.")
        #expect(Log.masked(numbersIn: "Order #1001 of 2 items, 3 days ago") == "Order #1001 of 2 items, 3 days ago")
    }

    @Test func preciseTimesKeepTheMilliseconds() {
        #expect(Timestamp.precise(Date(timeIntervalSince1970: 1_764_619_200.5)) == "2025-12-01T20:00:00.500Z")
    }
}
