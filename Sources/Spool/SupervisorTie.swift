import CLinux
import Foundation
import Glibc

/// A daemon started by `wasp up` ends with it: `wasp up` names itself in the daemon's environment, and the daemon
/// asks the kernel for SIGTERM when its parent ends (`PR_SET_PDEATHSIG`; Foundation's `Process` and posix_spawn
/// cannot set it between fork and exec). Without it a `wasp up` killed with SIGKILL (the OOM killer) left its
/// daemons running, and the next one started a second set beside them. A daemon started by hand or by systemd has
/// no such variable and is left as it is.
public enum SupervisorTie {
    static let variable = "WASP_UP_PID"

    /// The environment entry a supervisor gives the daemons it starts.
    public static var environment: String { variable + "=\(getpid())" }

    /// Ties this process to the `wasp up` named in its environment, if any, then forgets the variable so no child
    /// (a browser, `alert.command`) inherits it. Called after any switch of user, which clears the signal. The
    /// parent may have died before the signal was asked for, so the parent is checked once it is.
    public static func endWithSupervisor() throws(DaemonStartError) {
        guard let value = getenv(variable).map({ String(cString: $0) }) else { return }
        unsetenv(variable)
        guard let supervisor = pid_t(value) else { throw DaemonStartError("\(variable)=\(value) is not a pid") }
        guard wasp_set_parent_death_signal(SIGTERM) == 0 else {
            throw DaemonStartError("cannot ask to end with 'wasp up' (pid \(supervisor)): \(String(cString: strerror(errno)))")
        }
        guard getppid() == supervisor else {
            throw DaemonStartError("the 'wasp up' that started it (pid \(supervisor)) is gone already")
        }
    }
}
