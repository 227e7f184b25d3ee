import Foundation
@testable import Spool
import Testing

@Suite struct RepeatFilterTests {
    @Test func aConditionMetAgainAndAgainIsALineAMinuteWithTheCountLeftOut() {
        let filter = RepeatFilter(interval: 60)
        let start = Date(timeIntervalSince1970: 1_000_000)
        let admitted = (0..<600).compactMap { second in
            filter.admit("cannot release shop", now: start.addingTimeInterval(Double(second) / 2)).map { (second, $0) }
        }
        #expect(admitted.map(\.0) == [0, 120, 240, 360, 480])
        #expect(admitted.map(\.1) == [0, 119, 119, 119, 119])
    }

    @Test func differentConditionsAreCountedApart() {
        let filter = RepeatFilter(interval: 60)
        let now = Date()
        #expect(filter.admit("a", now: now) == 0)
        #expect(filter.admit("b", now: now) == 0)
        #expect(filter.admit("a", now: now) == nil)
    }
}
