import Foundation
import Processes

/// The operator's `alert.command`, as a mail system's notify hook: run through `/bin/sh -c` once per change of a
/// tenant's condition (its WhatsApp link, its Shopify feed, an order that needs a person), with what happened in
/// `WASP_*` variables (never in the command line, so a customer's words cannot become shell). It is reaped on a
/// thread of its own: a slow mail command never holds up a daemon's loop.
public struct AlertCommand: Sendable {
    public let command: String
    let log: Log

    public init(_ command: String, log: Log) {
        self.command = command
        self.log = log
    }

    /// A change of the tenant's condition: `WASP_TENANT`, `WASP_STATE`, `WASP_REASON` and what the caller adds.
    public func run(tenant: TenantID, state: String, reason: String, more: [(name: String, value: String)] = []) {
        let environment = ["WASP_TENANT=\(tenant)", "WASP_STATE=\(state)", "WASP_REASON=\(reason)"] + more.map { "\($0.name)=\($0.value)" }
        run(environment, tenant: tenant, about: state)
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
