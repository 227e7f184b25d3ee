import Admin
import Spool
import Supervisor

enum UpCommand: Command {
    static let name = "up"
    static let summary = "start and supervise every daemon"
    static let help = """
    usage: wasp up [--root DIR]

    Starts each daemon as its own process (intake, scheduler, sender, dashboard, writeback) and on SIGTERM or
    SIGINT stops them all and exits. A daemon that exits after running 5 s or more (a crash, an OOM kill) is
    started again at once; one that exits sooner after starting (a broken configuration, a taken port) is started
    again at once the first time, then after 1 s, 2, 4 ... up to 30 s while it keeps doing so. One run of 5 s
    resets the delay. A second 'wasp up' on the same spool refuses to start (a lock on spool/_daemons/up.lock).
    Each daemon holds a lock of its own (spool/_daemons/<daemon>.lock) and ends when its 'wasp up' does, even
    one killed with SIGKILL. Daemons found running on the spool at start (left by a killed 'wasp up', or
    started by hand) are stopped first: SIGTERM, SIGKILL after 10 s. Before any daemon starts it also does
    what 'wasp fsck --repair' does (one log line per problem), so a spool restored from a copy starts with
    each order in one state.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        let lock: SpoolLock
        let config = try arguments.waspConfig()
        do { lock = try SpoolLock(spoolRoot: config.spoolPath) } catch { throw .failed(error.description) }
        clearStalePause(config)
        OrphanDaemons(spoolRoot: config.spoolPath, log: Log("up")).stopAll()
        repairFirst(config, etc: arguments.root + "/etc")
        return withExtendedLifetime(lock) {
            let status = DaemonSupervisor(root: arguments.root, daemons: ["intake", "scheduler", "sender", "dashboard", "writeback"]).run()
            // Stopped while paused: the daemons were let go to stop, so the pause is over.
            SpoolPause(spoolRoot: config.spoolPath).forget()
            return status
        }
    }

    /// A pause left by a `wasp up` that died while paused: its frozen processes are killed.
    private static func clearStalePause(_ config: WaspConfig) {
        if SpoolPause(spoolRoot: config.spoolPath).clearStale() {
            Log("up").event("a pause left by an earlier 'wasp up' is cleared; its frozen processes were killed")
        }
    }

    /// What `wasp fsck --repair` does, before any daemon runs: a spool restored from a copy taken at any instant
    /// keeps each order in one state.
    private static func repairFirst(_ config: WaspConfig, etc: String) {
        let log = Log("up")
        var check = SpoolCheck(config, etc: etc)
        check.noDaemonRuns = true
        let findings = check.check()
        guard !findings.isEmpty else { return }
        let failures = FsckCommand.repair(findings, with: check) { log.event("fsck at start: " + $0) }
        log.event("fsck at start done", ["problems": "\(findings.count)", "not_repaired": "\(failures)"])
    }
}
