import Supervisor

enum PauseCommand: Command {
    static let name = "pause"
    static let summary = "freeze the daemons that write the spool, for a consistent copy (wasp resume)"
    static let help = """
    usage: wasp pause [--root DIR]

    Freezes (SIGSTOP) 'wasp up', so it restarts nothing, and the intake, scheduler, sender and writeback
    with their browsers; the dashboard goes on serving. Nothing moves in spool/ until 'wasp resume', so a
    copy taken meanwhile is the spool as if every daemon had been killed at that instant, which wasp
    starts from cleanly. Webhooks wait on their connection meanwhile (Shopify retries after its 5 s
    timeout), so keep a pause to the seconds the copy takes. 'wasp status' shows a pause.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        let pause = SpoolPause(spoolRoot: try arguments.waspConfig().spoolPath)
        do {
            let stopped = try pause.pause()
            print("paused: \(stopped) processes frozen; copy the spool now, then run 'wasp resume'")
        } catch { throw .failed(error.description) }
        return 0
    }
}

enum ResumeCommand: Command {
    static let name = "resume"
    static let summary = "let the daemons frozen by 'wasp pause' go on"
    static let help = """
    usage: wasp resume [--root DIR]

    Lets every process 'wasp pause' froze go on (SIGCONT), the daemons before 'wasp up', and removes
    spool/_daemons/paused. Exits 1 when the spool was not paused.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        let pause = SpoolPause(spoolRoot: try arguments.waspConfig().spoolPath)
        let resumed: Bool
        do { resumed = try pause.resume() } catch { throw .failed(error.description) }
        guard resumed else { throw .failed("the spool is not paused") }
        print("resumed")
        return 0
    }
}
