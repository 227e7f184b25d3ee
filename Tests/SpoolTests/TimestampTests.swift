import Foundation
import Spool
import Testing

@Suite struct TimestampTests {
    @Test func anInstantIsWrittenInUTC() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_800_000_000.9)) == "2027-01-15T08:00:00Z")
    }

    @Test func aLogLineTimeHasMillisecondsPaddedToThree() {
        #expect(Timestamp.precise(Date(timeIntervalSince1970: 1_800_000_000.5)) == "2027-01-15T08:00:00.500Z")
        #expect(Timestamp.precise(Date(timeIntervalSince1970: 1_800_000_000.0625)) == "2027-01-15T08:00:00.062Z")
        #expect(Timestamp.precise(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15T08:00:00.000Z")
    }

    /// Customers paste names and numbers with no-break and ideographic spaces; they are trimmed like ASCII ones,
    /// and what is inside is kept.
    @Test func spacesOfEveryKindAreTrimmedAtTheEndsOnly() {
        #expect(" \t\u{00A0}Ana\u{00A0}Lima\u{3000} ".trimmingSpaces == "Ana\u{00A0}Lima")
        #expect("\u{2003}\t ".trimmingSpaces == "")
        #expect("+49 151".trimmingSpaces == "+49 151")
        #expect("line\n".trimmingSpaces == "line\n", "a newline is not a space, as with Foundation's .whitespaces")
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
