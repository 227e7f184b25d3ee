import Foundation
import Spool
import WhatsApp

/// A dialog WhatsApp Web showed over the app ("What's new", notices): its screenshot, taken before it was closed,
/// goes to `whatsapp/dialog-<time>.png` and one log line says what it said, so an operator can see what WhatsApp
/// asked and whether `dialog_button` still finds its button.
enum DialogRecord {
    static let prefix = "dialog-"

    static func save(words: String, seen: PageEvidence, closed: Bool, tenant: TenantID, spool: Spool, log: Log) {
        let name = prefix + Timestamp.string(Date()).filter { $0.isNumber } + ".png"
        if let png = seen.screenshot {
            do {
                try spool.replace(name, tenant: tenant, in: .whatsapp, with: png, modified: Date())
            } catch {
                log.event("cannot save the dialog's screenshot", tenant: tenant, ["file": name, "error": error.description])
            }
        }
        log.event(closed ? "dialog closed by its primary button" : "dialog left open: no button found (see dialog_button)",
                  tenant: tenant, ["text": Log.masked(numbersIn: String(words.prefix(120))), "file": spool.path(tenant, .whatsapp, name)])
    }
}
