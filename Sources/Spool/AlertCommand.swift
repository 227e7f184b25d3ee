import Foundation
import Processes

/// The operator's `alert.command`, run through `/bin/sh -c` with what happened in `WASP_*` variables (never in the
/// command line, so a customer's words cannot become shell), as a mail system's notify hook. It is reaped on a
/// thread of its own: a slow mail command never holds up a daemon's loop.
public struct AlertCommand: Sendable {
    public let command: String
    let log: Log

    public init(_ command: String, log: Log) {
        self.command = command
        self.log = log
    }

    /// `environment` as `NAME=value` lines; `about` says what the alert is about in the log line.
    public func run(_ environment: [String], tenant: TenantID, order: String? = nil, about: String) {
        switch Spawn.start("/bin/sh", ["-c", command], environment: environment) {
        case .success(let pid):
            log.event("alert command run", tenant: tenant, order: order, ["about": about, "pid": "\(pid)"])
            Thread { [log] in
                let exit = Spawn.waitForExit(pid)
                if exit.status != 0 { log.event("alert command failed", tenant: tenant, order: order, ["status": exit.description]) }
            }.start()
        case .failure(let error):
            log.event("cannot run alert.command", tenant: tenant, order: order, ["error": error.description])
        }
    }
}
