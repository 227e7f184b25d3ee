import Foundation
import Glibc
import Processes
import Spool

/// Daemons already running on the spool when `wasp up` starts, found by their locks (`DaemonLock`): orphans of a
/// `wasp up` killed with SIGKILL whose parent-death signal did not come (frozen by `wasp pause`, stuck), or ones
/// started by hand. Left alone, each would keep its lock and the new `wasp up`'s daemon would never start; before
/// the locks, the two ran side by side and an order ended in both `failed/` and `sent/`. Each is asked to stop
/// (SIGTERM, and SIGCONT should it be frozen), and killed with everything it started (its browsers) when it still
/// holds its lock after the grace.
public struct OrphanDaemons {
    let spoolRoot: String
    let log: Log
    let grace: TimeInterval

    public init(spoolRoot: String, log: Log, grace: TimeInterval = 10) {
        self.spoolRoot = spoolRoot
        self.log = log
        self.grace = grace
    }

    /// Returns once every orphan has let go of its lock (or could not be made to), one log line each.
    public func stopAll() {
        // A holder in a pid namespace this one cannot see is reported as pid 0, and kill(0) would signal this
        // process group: such a one is left alone (its daemon then refuses to start, naming it).
        let orphans = DaemonRecord.daemons.compactMap { daemon in
            DaemonLock.holder(daemon, spoolRoot: spoolRoot).flatMap { $0 > 0 ? (daemon: daemon, pid: $0) : nil }
        }
        guard !orphans.isEmpty else { return }
        for orphan in orphans {
            kill(orphan.pid, SIGTERM)
            kill(orphan.pid, SIGCONT)
        }
        let stubborn = stillHolding(orphans, after: grace)
        for orphan in stubborn {
            for pid in ProcessTree.members(orphan.pid) { kill(pid, SIGKILL) }
        }
        let unstoppable = stillHolding(stubborn, after: 5)
        for orphan in orphans {
            let pid = String(orphan.pid)
            if unstoppable.contains(where: { $0.daemon == orphan.daemon }) {
                log.event("cannot stop an orphan still holding its lock; its daemon will not start until it ends",
                          ["daemon": orphan.daemon, "pid": pid])
            } else {
                let signal = stubborn.contains { $0.daemon == orphan.daemon } ? "SIGKILL" : "SIGTERM"
                log.event("stopped orphan left by a killed 'wasp up' (or started by hand)",
                          ["daemon": orphan.daemon, "pid": pid, "signal": signal])
            }
        }
    }

    /// The orphans that still hold their lock once `seconds` have passed, or as soon as none does.
    private func stillHolding(_ orphans: [(daemon: String, pid: pid_t)], after seconds: TimeInterval) -> [(daemon: String, pid: pid_t)] {
        let deadline = Date().addingTimeInterval(seconds)
        var holding = orphans
        while true {
            holding = holding.filter { DaemonLock.holder($0.daemon, spoolRoot: spoolRoot) == $0.pid }
            guard !holding.isEmpty, Date() < deadline else { return holding }
            usleep(20_000)
        }
    }
}
