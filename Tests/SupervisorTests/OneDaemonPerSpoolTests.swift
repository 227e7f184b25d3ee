import Foundation
import Glibc
import Processes
import Spool
import Testing
import TestSupport

/// One instance of each daemon per spool (issue 22): a `wasp up` killed with SIGKILL used to leave its daemons
/// running, and the next one started a second scheduler, sender and writeback beside them; two senders then
/// recorded one order in both `failed/` and `sent/`.
@Suite struct OneDaemonPerSpoolTests {
    /// Each daemon and the line it says once it holds its lock.
    static let daemons = [("intake", "intake: listening"), ("scheduler", "scheduler: running"), ("sender", "sender: running"),
                          ("dashboard", "dashboard: listening"), ("writeback", "writeback: running")]

    @Test(arguments: daemons)
    func aSecondDaemonOnTheSameSpoolRefusesToStartAndNamesTheFirst(daemon: String, ready: String) throws {
        let root = try TemporaryRoot()
        let first = try Wasp.start(daemon, root: root, readyWhen: ready)
        let second = try Wasp.start(daemon, root: root, readyWhen: "\(daemon): cannot start")
        #expect(eventually { Self.hasEnded(second.pid) }, "the second \(daemon) runs on: \(second.log)")
        #expect(second.stop() == 1)
        #expect(second.log.contains { $0.contains("another \(daemon) (pid \(first.pid)) already runs on spool \(root.spool)") },
                "\(second.log)")
        #expect(!Self.hasEnded(first.pid), "the first \(daemon) stopped")
        #expect(first.stop() == 0)
    }

    @Test func theDaemonsOfAKilledUpEndByThemselves() throws {
        let root = try TemporaryRoot()
        let up = try Wasp.start("up", root: root, readyWhen: "dashboard: listening")
        // A daemon writes its record once it is tied to its `wasp up` and holds its lock.
        var records: [DaemonRecord] = []
        #expect(eventually {
            records = DaemonRecord.daemons.compactMap { DaemonRecord.load(spoolRoot: root.spool, daemon: $0) }
            return records.count == DaemonRecord.daemons.count
        }, "\(up.log)")
        defer { for record in records where record.isRunning { kill(record.pid, SIGKILL) } }
        up.stop(signal: SIGKILL)
        for record in records {
            #expect(eventually { Self.hasEnded(record.pid) }, "\(record.daemon) (pid \(record.pid)) outlived its 'wasp up'")
            #expect(up.log.contains("\(record.daemon): stopped"), "\(record.daemon) did not stop cleanly: \(up.log)")
        }
    }

    /// An orphan of a `wasp up` that died before its daemons could be tied to it, or whose tie did not fire: a
    /// daemon started directly has none.
    @Test func aNewUpStopsAnOrphanDaemonAndRunsItsOwn() throws {
        let root = try TemporaryRoot()
        let orphan = try Wasp.start("scheduler", root: root, readyWhen: "scheduler: running")
        let up = try Wasp.start("up", root: root, readyWhen: "scheduler: running")
        #expect(eventually { Self.hasEnded(orphan.pid) }, "the orphan runs on beside the new scheduler")
        #expect(orphan.log.contains("scheduler: stopping"), "\(orphan.log)")
        #expect(up.log.contains { $0.contains("up: stopped orphan") && $0.contains("daemon=scheduler pid=\(orphan.pid)") },
                "\(up.log)")
        let own = try #require(DaemonRecord.load(spoolRoot: root.spool, daemon: "scheduler"))
        #expect(own.pid != orphan.pid && own.isRunning)
        #expect(up.stop() == 0)
    }

    /// Gone, or a zombie no one has reaped yet.
    private static func hasEnded(_ pid: pid_t) -> Bool {
        ProcessTree.state(pid).map { $0 == "Z" } ?? true
    }
}
