import Foundation
import Processes

/// `alert.command` in wasp.conf, as a mail system's notify hook: run through `/bin/sh -c` once per change of a
/// tenant's condition (its WhatsApp link, its Shopify feed), with `WASP_TENANT`, `WASP_STATE` and `WASP_REASON`
/// (and what the caller adds) in its environment. It is reaped on a thread of its own, so a slow mail command never
/// holds up the daemon.
public struct AlertCommand: Sendable {
    let command: String
    let log: Log

    public init(_ command: String, log: Log) {
        self.command = command
        self.log = log
    }

    public func run(tenant: TenantID, state: String, reason: String, more: [(name: String, value: String)] = []) {
        let environment = ["WASP_TENANT=\(tenant)", "WASP_STATE=\(state)", "WASP_REASON=\(reason)"] + more.map { "\($0.name)=\($0.value)" }
        switch Spawn.start("/bin/sh", ["-c", command], environment: environment) {
        case .success(let pid):
            let fields = [("state", state)] + more.map { (String($0.name.dropFirst("WASP_".count)).lowercased(), $0.value) }
            log.write("alert command run", tenant: tenant, order: nil, fields + [("pid", "\(pid)")])
            Thread { [log] in
                let exit = Spawn.waitForExit(pid)
                if exit.status != 0 { log.event("alert command failed", tenant: tenant, ["status": exit.description]) }
            }.start()
        case .failure(let error):
            log.event("cannot run alert.command", tenant: tenant, ["error": error.description])
        }
    }
}
