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
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        let lock: SpoolLock
        let spoolRoot = try arguments.waspConfig().spoolPath
        do { lock = try SpoolLock(spoolRoot: spoolRoot) } catch { throw .failed(error.description) }
        return withExtendedLifetime(lock) {
            DaemonSupervisor(root: arguments.root, daemons: ["intake", "scheduler", "sender", "dashboard", "writeback"]).run()
        }
    }
}
