import Supervisor

enum UpCommand: Command {
    static let name = "up"
    static let summary = "start and supervise every daemon"
    static let help = """
    usage: wasp up [--root DIR]

    Starts each daemon as its own process (intake, scheduler, sender, dashboard) and on SIGTERM or SIGINT stops them
    all and exits. A daemon that exits after running 5 s or more (a crash, an OOM kill) is started again at once; one
    that exits sooner after starting (a broken configuration, a taken port) waits 1 s, then 2, 4 ... up to 30 s while it
    keeps doing so. One run of 5 s resets the delay.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return DaemonSupervisor(root: arguments.root, daemons: ["intake", "scheduler", "sender", "dashboard"]).run()
    }
}
