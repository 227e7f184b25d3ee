import Foundation
import Processes
import Spool

/// Where the sender sets a tenant's link state: `whatsapp/state`, then, when the word changed, the operator's
/// `alert.command`, run once per change through `/bin/sh -c` with `WASP_TENANT`, `WASP_STATE`, `WASP_REASON` and
/// `WASP_WAITING` (orders in ready/, active/ and deferred/) in its environment, as a mail system's notify hook.
struct LinkStates: Sendable {
    let spool: Spool
    let alertCommand: String?
    let log: Log

    func set(_ state: LinkState, reason: String? = nil, tenant: TenantID) {
        let previous = spool.linkState(tenant)
        do { try spool.setLinkState(state, reason: reason, tenant: tenant) } catch {
            log.event("cannot write the link state", tenant: tenant, ["error": error.description])
            return
        }
        if previous != state, let alertCommand { alert(alertCommand, tenant: tenant, state: state, reason: reason) }
    }

    private func alert(_ command: String, tenant: TenantID, state: LinkState, reason: String?) {
        let waiting = spool.waitingToSend(tenant)
        let environment = ["WASP_TENANT=\(tenant)", "WASP_STATE=\(state.rawValue)", "WASP_REASON=\(reason ?? state.words)",
                           "WASP_WAITING=\(waiting)"]
        switch Spawn.start("/bin/sh", ["-c", command], environment: environment) {
        case .success(let pid):
            log.event("alert command run", tenant: tenant, ["state": state.rawValue, "waiting": "\(waiting)", "pid": "\(pid)"])
            // Reaped on a thread of its own: a slow mail command never holds up a worker.
            Thread { [log] in
                let exit = Spawn.waitForExit(pid)
                if exit.status != 0 { log.event("alert command failed", tenant: tenant, ["status": exit.description]) }
            }.start()
        case .failure(let error):
            log.event("cannot run alert.command", tenant: tenant, ["error": error.description])
        }
    }
}
