import Glibc

/// The one `wasp <daemon>` of a spool: a `LockFile` at `spool/_daemons/<daemon>.lock`, beside the daemon's record,
/// held from start to exit. A second one on the spool refuses to start and names the first; `wasp up` finds the
/// daemons a killed `wasp up` left running by their locks. Taken after the switch to the daemon's user, so under
/// `users =` the file is that user's (`_daemons/` is writable by every daemon's group).
public enum DaemonLock {
    public static func path(spoolRoot: String, daemon: String) -> String {
        DaemonRecord.path(spoolRoot: spoolRoot, daemon: daemon) + ".lock"
    }

    /// Takes `daemon`'s lock on the spool, or says who holds it.
    public static func take(_ daemon: String, spoolRoot: String) throws(DaemonStartError) -> LockFile {
        do {
            return try LockFile(path: path(spoolRoot: spoolRoot, daemon: daemon))
        } catch {
            switch error {
            case .held(let holder):
                throw DaemonStartError("another \(daemon) (pid \(holder)) already runs on spool \(spoolRoot); stop it first")
            case .unusable(let reason):
                throw DaemonStartError(reason + "; under 'users =', 'wasp fsck --repair' gives it its owner")
            }
        }
    }

    /// The pid of the `daemon` running on the spool, if one does.
    public static func holder(_ daemon: String, spoolRoot: String) -> pid_t? {
        LockFile.holder(path: path(spoolRoot: spoolRoot, daemon: daemon))
    }
}
