import Admin
import Foundation
import Glibc
import Spool
import Testing
import TestSupport

@Suite struct DaemonReportTests {
    @Test func aRecordOfAProcessThatIsGoneOrIsAnotherProgramSaysNotRunning() throws {
        let root = try TemporaryRoot()
        let directory = root.spool + "/" + DaemonRecord.directoryName
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // This test process is alive but is not `wasp intake`: a pid reused after a crash.
        try "pid = \(getpid())\nstarted = 2026-12-01T10:00:00Z\nmilestone = listening\nserving_after = 0.040\n"
            .write(toFile: directory + "/intake", atomically: true, encoding: .utf8)
        try "pid = nonsense\n".write(toFile: directory + "/sender", atomically: true, encoding: .utf8)
        let report = DaemonReport(spoolRoot: root.spool)
        #expect(report.records.map(\.daemon) == ["intake"])
        #expect(report.records.first?.servingAfter == 0.04)
        #expect(report.render() == "daemons:\n  intake     not running (last pid \(getpid()))\n")
    }

    @Test func noRecordsPrintNothing() throws {
        #expect(DaemonReport(spoolRoot: try TemporaryRoot().spool).render() == "")
    }
}
