import Supervisor

enum UpCommand: Command {
    static let name = "up"
    static let summary = "start and supervise every daemon"
    static let help = """
    usage: wasp up [--root DIR]

    Starts each daemon as its own process (intake, scheduler, sender, dashboard), restarts one that exits with a growing
    backoff (1 s doubling to 60 s), and on SIGTERM or SIGINT stops them all and exits.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        return DaemonSupervisor(root: arguments.root, daemons: ["intake", "scheduler", "sender", "dashboard"]).run()
    }
}
