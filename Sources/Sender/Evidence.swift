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

    /// Deletes every page saved for the operator (these and `DialogRecord`'s) once the scheduler asks, after a
    /// customers/redact: a screenshot may show the customer, and which one does cannot be told from the image.
    static func forget(tenant: TenantID, spool: Spool, log: Log) {
        guard spool.exists(Spool.forgetPagesFile, tenant: tenant, in: .whatsapp) else { return }
        let saved = spool.list(tenant, .whatsapp).map(\.name).filter { $0.hasPrefix("last-failure.") || $0.hasPrefix(DialogRecord.prefix) }
        do {
            for name in saved { try spool.remove(name, tenant: tenant, from: .whatsapp) }
            try spool.remove(Spool.forgetPagesFile, tenant: tenant, from: .whatsapp)
            log.event("saved pages deleted after a customers/redact", tenant: tenant, ["files": "\(saved.count)"])
        } catch {
            log.repeating("cannot delete the saved pages a customers/redact asks for", tenant: tenant, ["error": error.description])
        }
    }
}
