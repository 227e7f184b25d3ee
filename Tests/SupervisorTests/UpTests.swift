import Foundation
import Glibc
import HTTP
import Testing
import TestSupport

/// `wasp up` on a scratch root, its daemons killed as a crash or an OOM kill would do it.
@Suite struct UpTests {
    @Test func upRestartsAKilledIntakeAndStopsEverythingOnSIGTERM() throws {
        let root = try TemporaryRoot()
        let up = try Wasp.start("up", root: root)
        #expect(eventually { up.log.contains { $0.hasPrefix("scheduler: running") } })
        #expect(eventually { up.log.contains { $0.hasPrefix("dashboard: listening") } })
        let scheduler = try #require(Self.pids(of: "scheduler", in: up.log).first)
        let firstPID = try #require(Self.pids(of: "intake", in: up.log).first)
        kill(firstPID, SIGKILL)
        #expect(eventually { Self.pids(of: "intake", in: up.log).count == 2 }, "intake was not restarted: \(up.log)")
        let restarted = Self.pids(of: "intake", in: up.log).last!
        #expect(up.stop(signal: SIGTERM) == 0)
        #expect(kill(restarted, 0) != 0, "intake still running after 'wasp up' stopped")
        #expect(kill(scheduler, 0) != 0, "scheduler still running after 'wasp up' stopped")
        #expect(up.log.contains { $0.contains("all daemons stopped") })
    }

    /// Crash after crash, each after a few seconds of service: every restart is immediate, however many came before.
    @Test func aDaemonKilledAfterServingAWhileIsRestartedAtOnceEveryTime() throws {
        let root = try TemporaryRoot()
        let up = try Wasp.start("up", root: root)
        for kills in 1...3 {
            #expect(eventually { up.log.filter { $0.hasPrefix("intake: listening") }.count == kills })
            Thread.sleep(forTimeInterval: 5.5)
            kill(Self.pids(of: "intake", in: up.log).last!, SIGKILL)
            #expect(eventually { Self.pids(of: "intake", in: up.log).count == kills + 1 }, "kill \(kills): \(up.log)")
        }
        let exits = up.log.filter { $0.contains("daemon=intake") && $0.contains("exited") }
        #expect(exits.count == 3 && exits.allSatisfy { $0.contains("up: exited, restarting now") && $0.contains(" in=0.0s") },
                "\(exits)")
        up.stop()
    }

    /// An intake that cannot start (its port is taken) is tried again at once, then after 1 s, 2 s, 4 s: not in a tight loop.
    @Test func aDaemonThatDiesRightAfterStartingBacksOff() throws {
        let taken = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { _ in .text(200, "") }
        let root = try TemporaryRoot()
        try "intake.listen = 127.0.0.1:\(taken.port)\ndashboard.listen = 127.0.0.1:0\n"
            .write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        let up = try Wasp.start("up", root: root, readyWhen: "daemon=intake")
        #expect(eventually(timeout: 15) { up.log.filter { $0.contains("daemon=intake") && $0.contains("exited") }.count >= 4 })
        let exits = up.log.filter { $0.contains("daemon=intake") && $0.contains("exited") }
        #expect(exits.prefix(4).map { $0.contains("restarting later") } == [false, true, true, true], "\(exits)")
        #expect(exits.prefix(4).map { Self.field("in", of: $0) } == ["0.0s", "1.0s", "2.0s", "4.0s"], "\(exits)")
        up.stop()
        withExtendedLifetime(taken) {}
    }

    @Test(arguments: ["intake", "dashboard"])
    func aTakenPortIsNamedByItsKey(_ daemon: String) throws {
        let taken = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { _ in .text(200, "") }
        let root = try TemporaryRoot()
        let other = daemon == "intake" ? "dashboard" : "intake"
        try "\(daemon).listen = 127.0.0.1:\(taken.port)\n\(other).listen = 127.0.0.1:0\n"
            .write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        let run = try Wasp.run([daemon, "--root", root.path])
        #expect(run.status == 1)
        #expect(run.errors.contains("\(daemon): cannot start key=\(daemon).listen error=\"listen on 127.0.0.1:\(taken.port): "
                                    + "Address already in use\""), "\(run.errors)")
        withExtendedLifetime(taken) {}
    }

    private static func field(_ key: String, of line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    private static func pids(of daemon: String, in log: [String]) -> [pid_t] {
        log.filter { $0.contains("up: started") && $0.contains("daemon=\(daemon) ") }.compactMap { line in
            field("pid", of: line).flatMap { pid_t($0) }
        }
    }
}

@Suite struct SecondUpTests {
    @Test func aSecondUpOnTheSameRootRefusesToStartAndTheFirstGoesOn() throws {
        let root = try TemporaryRoot()
        let first = try Wasp.start("up", root: root)
        #expect(eventually { first.log.contains { $0.hasPrefix("intake: listening") } })
        let second = try Wasp.run(["up", "--root", root.path])
        #expect(second.status == 1)
        #expect(second.errors.contains("another 'wasp up' (pid \(first.pid)) runs on this spool"), "\(second.errors)")
        #expect(kill(first.pid, 0) == 0)
        #expect(first.stop(signal: SIGTERM) == 0)
        let third = try Wasp.start("up", root: root)
        #expect(eventually { third.log.contains { $0.hasPrefix("intake: listening") } }, "the lock went with the first")
        third.stop()
    }
}
