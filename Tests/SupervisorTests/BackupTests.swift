import Bench
import Foundation
import Glibc
import Processes
import Testing
import TestSupport

/// README.md's backup recipe: rsync while orders move, `wasp pause`, rsync again; then host A is killed while
/// paused and `wasp up` starts on the copy. Every order ends in one state, none is sent twice, none lost, and no
/// merchant links again. WhatsApp Web tenants only: a Cloud API message frozen between Meta's answer and its
/// record would be sent again from the copy (README: "Backups and restores").
@Suite struct BackupTests {
    @Test func aCopyTakenPausedRestoresWithNothingLostOrSentTwice() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        var settings = SoakBench.Settings(executable: Paths.wasp, etc: Paths.package + "/etc", directory: NSTemporaryDirectory())
        (settings.webTenants, settings.cloudTenants, settings.orders, settings.rate, settings.delay) = (2, 0, 90, 4, 5)
        settings.drain = 120
        let result = try BackupBench(settings).run { print($0) }
        result.report.forEach { print($0) }
        #expect(result.tally.isClean, "\(result.tally.line)")
        #expect(result.tally.accepted == 90, "the orders posted while host A was down went to the copy")
        #expect(result.repairedAtStart == 0, "a copy taken paused needs no repair")
        #expect(result.unlinked == 0, "the WhatsApp session came with the profile")
        #expect(result.tally.sentOnce >= 70)
    }
}

/// `wasp pause` freezes what writes the spool, `wasp status` says so, `wasp resume` lets it go on.
@Suite struct PauseTests {
    @Test func pauseFreezesTheWritersButNotTheDashboardUntilResume() throws {
        let root = try TemporaryRoot()
        let up = try Wasp.start("up", root: root, readyWhen: "dashboard: listening")
        #expect(eventually(timeout: 10) { Self.daemonPIDs(root).count == 5 })
        let pids = Self.daemonPIDs(root)
        let paused = try Wasp.run(["pause", "--root", root.path])
        #expect(paused.status == 0, "\(paused.errors)")
        for (daemon, pid) in pids {
            #expect(eventually(timeout: 5) { (Self.state(pid) == "T") == (daemon != "dashboard") }, "\(daemon): \(Self.state(pid))")
        }
        #expect(Self.state(up.pid) == "T", "wasp up itself restarts nothing while paused")
        #expect(try Wasp.run(["status", "--root", root.path]).output.contains("PAUSED since"))
        #expect(try Wasp.run(["pause", "--root", root.path]).status == 1, "a second pause is refused")
        #expect(try Wasp.run(["resume", "--root", root.path]).status == 0)
        for (daemon, pid) in pids { #expect(eventually(timeout: 5) { Self.state(pid) != "T" }, "\(daemon)") }
        #expect(try Wasp.run(["resume", "--root", root.path]).status == 1, "nothing left to resume")
        #expect(up.stop() == 0)
    }

    private static func daemonPIDs(_ root: TemporaryRoot) -> [String: pid_t] {
        var pids: [String: pid_t] = [:]
        for daemon in ["intake", "scheduler", "sender", "dashboard", "writeback"] {
            let text = (try? String(contentsOfFile: root.path + "/spool/_daemons/" + daemon, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("pid = ") }) {
                pids[daemon] = pid_t(line.dropFirst(6))
            }
        }
        return pids
    }

    private static func state(_ pid: pid_t) -> String {
        ProcessTree.state(pid).map(String.init) ?? "gone"
    }

    /// A `wasp up` killed while paused leaves its daemons frozen and orphaned: the next one kills them rather than
    /// resume them beside its own.
    @Test func aPauseLeftByAKilledUpIsClearedByTheNextOne() throws {
        let root = try TemporaryRoot()
        let first = try Wasp.start("up", root: root, readyWhen: "dashboard: listening")
        #expect(eventually(timeout: 10) { Self.daemonPIDs(root).count == 5 })
        let orphans = Self.daemonPIDs(root).filter { $0.key != "dashboard" }.values
        // The first one's dashboard was never frozen, so it ends with its `wasp up`; should it not, it would hold
        // this test's output open: it is the test's to kill.
        let dashboard = Self.daemonPIDs(root)["dashboard"]!
        defer { kill(dashboard, SIGKILL) }
        #expect(try Wasp.run(["pause", "--root", root.path]).status == 0)
        first.stop(signal: SIGKILL)
        let second = try Wasp.start("up", root: root, readyWhen: "dashboard: listening")
        #expect(second.log.contains { $0.contains("a pause left by an earlier 'wasp up' is cleared") }, "\(second.log)")
        for pid in orphans { #expect(eventually(timeout: 5) { ["gone", "Z"].contains(Self.state(pid)) }, "pid \(pid)") }
        #expect(!(try Wasp.run(["status", "--root", root.path]).output.contains("PAUSED")))
        _ = second.stop()
    }
}
