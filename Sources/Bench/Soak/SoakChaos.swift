import Chromium
import Foundation
import Glibc
import Spool
import Synchronization

/// The chaos loop of a soak run: every few seconds (at random, `every` on average) SIGKILL to a random daemon that
/// `wasp up` supervises, and about one time in seven to a tenant's browser instead. It counts only kills of a
/// process that was there to be killed.
final class SoakChaos: Sendable {
    private struct Counts {
        var daemons = 0
        var browsers = 0
        var running = false
        /// Each kill: when, and what (a daemon's name, or `browser`).
        var log: [(at: Date, victim: String)] = []
    }

    static let daemons = DaemonRecord.daemons
    private let spool: Spool
    private let browserProfiles: [String]
    private let every: TimeInterval
    private let counts = Mutex(Counts())
    private let loop = DispatchGroup()

    init(spool: Spool, webTenants: [TenantID], every: TimeInterval) {
        self.spool = spool
        browserProfiles = webTenants.map { spool.path($0, .chrome) }
        self.every = every
    }

    var kills: (daemons: Int, browsers: Int) { counts.withLock { ($0.daemons, $0.browsers) } }
    var killLog: [(at: Date, victim: String)] { counts.withLock { $0.log } }

    func start() {
        counts.withLock { $0.running = true }
        loop.enter()
        Thread { [self] in
            while counts.withLock({ $0.running }) {
                usleep(useconds_t(Double.random(in: 0.5...1.5) * every * 1_000_000))
                if counts.withLock({ $0.running }) { strike() }
            }
            loop.leave()
        }.start()
    }

    func stop() {
        counts.withLock { $0.running = false }
        loop.wait()
    }

    private func strike() {
        if !browserProfiles.isEmpty && Int.random(in: 0..<7) == 0 {
            guard let pid = ProfileProcesses.browser(browserProfiles.randomElement()!), kill(pid, SIGKILL) == 0 else { return }
            counts.withLock {
                $0.browsers += 1
                $0.log.append((Date(), "browser"))
            }
            return
        }
        let daemon = Self.daemons.randomElement()!
        guard let record = DaemonRecord.load(spoolRoot: spool.root, daemon: daemon),
              record.isRunning, kill(record.pid, SIGKILL) == 0 else { return }
        counts.withLock {
            $0.daemons += 1
            $0.log.append((Date(), daemon))
        }
    }
}
