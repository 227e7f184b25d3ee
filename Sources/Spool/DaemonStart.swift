/// What each daemon does before it touches the spool, in this order: become its own user (`users =`), tie itself
/// to the `wasp up` that started it (after the switch, which clears the tie), and take its lock on the spool (after
/// the switch too, so the file is its user's). The lock is the caller's to keep until it exits.
public enum DaemonStart {
    public static func claim(_ daemon: String, config: WaspConfig) throws -> LockFile {
        try config.users?.become(daemon)
        try SupervisorTie.endWithSupervisor()
        return try DaemonLock.take(daemon, spoolRoot: config.spoolPath)
    }
}

/// Why a daemon cannot start on this spool, for the operator.
public struct DaemonStartError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
