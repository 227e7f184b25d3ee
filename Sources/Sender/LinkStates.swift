import Foundation
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
        AlertCommand(command, log: log).run(environment, tenant: tenant, about: "whatsapp \(state.rawValue), \(waiting) waiting")
    }
}
