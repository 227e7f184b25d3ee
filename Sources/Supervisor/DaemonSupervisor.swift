import Foundation
import Glibc
import Processes
import Spool
import Synchronization

/// `wasp up`: runs each daemon as its own process (`wasp <daemon> --root DIR`), restarts one that exits (see
/// `RestartPolicy`), and on SIGTERM/SIGINT passes the signal on, waits for them, and exits.
public final class DaemonSupervisor: Sendable {
    let root: String
    let daemons: [String]
    let log = Log("up")
    private let stopping = Atomic<Bool>(false)
    private let children = Mutex<[String: pid_t]>([:])
    private let wake = DispatchSemaphore(value: 0)

    public init(root: String, daemons: [String]) {
        self.root = root
        self.daemons = daemons
    }

    public func run() -> Int32 {
        let signals = SignalHandlers(onTerminate: { [self] in stop() })
        let group = DispatchGroup()
        for daemon in daemons {
            group.enter()
            let thread = Thread { [self] in
                supervise(daemon)
                group.leave()
            }
            thread.start()
        }
        group.wait()
        withExtendedLifetime(signals) {}
        log.event("all daemons stopped")
        return 0
    }

    private func stop() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        log.event("stopping", ["daemons": daemons.joined(separator: ",")])
        for (_, pid) in children.withLock({ $0 }) { kill(pid, SIGTERM) }
        // A daemon frozen by `wasp pause` handles the SIGTERM only once it runs again, and closes its browsers
        // only if they run too: everything below goes on.
        for pid in ProcessTree.members(getpid()).dropFirst() { kill(pid, SIGCONT) }
        for _ in daemons { wake.signal() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { [self] in
            for (daemon, pid) in children.withLock({ $0 }) {
                log.event("killing, did not stop within 10 s", ["daemon": daemon, "pid": String(pid)])
                kill(pid, SIGKILL)
            }
        }
    }

    /// Keeps one daemon running until the supervisor stops, restarting it as `RestartPolicy` says.
    private func supervise(_ daemon: String) {
        var policy = RestartPolicy()
        while !stopping.load(ordering: .sequentiallyConsistent) {
            let started = Date()
            guard let pid = spawn(daemon) else {
                let delay = policy.delay(afterRunning: 0)
                log.event("cannot start, trying again", ["daemon": daemon, "in": Self.seconds(delay)])
                _ = wake.wait(timeout: .now() + delay)
                continue
            }
            children.withLock { $0[daemon] = pid }
            if stopping.load(ordering: .sequentiallyConsistent) { kill(pid, SIGTERM) }
            let exit = Spawn.waitForExit(pid)
            children.withLock { $0[daemon] = nil }
            if stopping.load(ordering: .sequentiallyConsistent) { break }
            let uptime = Date().timeIntervalSince(started)
            let delay = policy.delay(afterRunning: uptime)
            log.event(delay == 0 ? "exited, restarting now" : "exited soon after starting, restarting later",
                      ["daemon": daemon, "status": exit.description, "ran": Self.seconds(uptime), "in": Self.seconds(delay)])
            if delay > 0 { _ = wake.wait(timeout: .now() + delay) }
        }
    }

    private static func seconds(_ interval: TimeInterval) -> String {
        String(format: interval < 10 ? "%.1fs" : "%.0fs", interval)
    }

    /// The daemon ties itself to this process (`SupervisorTie`). The kernel's parent-death signal fires when the
    /// *thread* that started the child ends, not the process: each daemon is started by its own `supervise` thread,
    /// which waits for it and ends only after it has exited for the last time, so the signal comes only when this
    /// process dies.
    private func spawn(_ daemon: String) -> pid_t? {
        guard case .success(let pid) = Spawn.start(Spawn.ownExecutable, [daemon, "--root", root],
                                                   environment: [SupervisorTie.environment]) else { return nil }
        log.event("started", ["daemon": daemon, "pid": String(pid)])
        return pid
    }
}
