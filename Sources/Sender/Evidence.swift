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

    /// Deletes every page saved for the operator (these, the self-check's and `DialogRecord`'s) once the scheduler
    /// asks, after a customers/redact: a screenshot may show the customer, and which one does cannot be told from
    /// the image.
    static func forget(tenant: TenantID, spool: Spool, log: Log) {
        guard spool.exists(Spool.forgetPagesFile, tenant: tenant, in: .whatsapp) else { return }
        let pages = ["last-failure.", "self-check.", DialogRecord.prefix]
        let saved = spool.list(tenant, .whatsapp).map(\.name).filter { name in pages.contains { name.hasPrefix($0) } }
        do {
            for name in saved { try spool.remove(name, tenant: tenant, from: .whatsapp) }
            try spool.remove(Spool.forgetPagesFile, tenant: tenant, from: .whatsapp)
            log.event("saved pages deleted after a customers/redact", tenant: tenant, ["files": "\(saved.count)"])
        } catch {
            log.repeating("cannot delete the saved pages a customers/redact asks for", tenant: tenant, ["error": error.description])
        }
    }
}
