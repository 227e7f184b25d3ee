import Foundation
import Spool
import WhatsApp

/// `whatsapp/last-failure.png` and `.html`: what the page looked like when it matched no selector, so an
/// operator can fix `etc/whatsapp-web.selectors`.
enum Evidence {
    static func save(_ evidence: PageEvidence, tenant: TenantID, spool: Spool, log: Log) {
        let files: [(String, Data?)] = [("last-failure.png", evidence.screenshot),
                                        ("last-failure.html", evidence.html.map { Data($0.utf8) })]
        for case let (name, data?) in files {
            do {
                try spool.replace(name, tenant: tenant, in: .whatsapp, with: data, modified: Date())
            } catch {
                log.event("cannot save the failed page", tenant: tenant, ["file": name, "error": error.description])
            }
        }
        log.event("unexpected page saved", tenant: tenant, ["file": spool.path(tenant, .whatsapp, "last-failure.png")])
    }
}
