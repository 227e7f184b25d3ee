import Foundation
import Spool
import Testing

@Suite struct TimestampTests {
    @Test func anInstantIsWrittenInUTC() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_800_000_000.9)) == "2027-01-15T08:00:00Z")
    }

    /// `time_t(1e300)` traps; a date computed from a hostile number is written as the nearest year RFC 3339 has.
    @Test(arguments: [(1e300, "9999-12-31T23:59:59Z"), (.infinity, "9999-12-31T23:59:59Z"),
                      (-1e300, "0001-01-01T00:00:00Z"), (.nan, "1970-01-01T00:00:00Z")])
    func anAbsurdInstantIsWrittenAsTheNearestWritableOne(seconds: Double, written: String) {
        let text = Timestamp.string(Date(timeIntervalSince1970: seconds))
        #expect(text == written)
        #expect(Timestamp.date(text) != nil)
    }
}
