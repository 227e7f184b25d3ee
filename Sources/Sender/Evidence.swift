import Foundation
import Spool
import WhatsApp

/// What the page looked like when it did not match the selectors, so an operator can fix
/// `etc/whatsapp-web.selectors`: `whatsapp/last-failure.png` and `.html` after a send, `self-check.*` after a check.
enum Evidence {
    static func save(_ evidence: PageEvidence, tenant: TenantID, spool: Spool, log: Log) {
        write(evidence, as: "last-failure", tenant: tenant, spool: spool, log: log)
        log.event("unexpected page saved", tenant: tenant, ["file": spool.path(tenant, .whatsapp, "last-failure.png")])
    }

    /// `<name>.png` and `<name>.html` in the tenant's `whatsapp/`.
    static func write(_ evidence: PageEvidence, as name: String, tenant: TenantID, spool: Spool, log: Log) {
        let files: [(String, Data?)] = [(name + ".png", evidence.screenshot), (name + ".html", evidence.html.map { Data($0.utf8) })]
        for case let (file, data?) in files {
            do {
                try spool.replace(file, tenant: tenant, in: .whatsapp, with: data, modified: Date())
            } catch {
                log.event("cannot save the failed page", tenant: tenant, ["file": file, "error": error.description])
            }
        }
    }
}
