import Foundation
import Spool

/// `active/<id>.json.sending`: made right before an order is handed to a provider that cannot look afterwards
/// whether its message went (Meta's Cloud API has no such query), removed once the outcome is recorded. Found
/// beside an order at a start, it says the sender died while the message may have gone: the order fails with
/// that reason rather than being sent twice. It is not fsynced: it has to outlive the sender, not the machine.
struct SendingMarker {
    static let suffix = Spool.sendingMarkerSuffix
    let spool: Spool
    let tenant: TenantID
    let orderFile: String

    private var path: String { spool.path(tenant, .active, orderFile + Self.suffix) }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// False when the file cannot be made (a full or read-only disk): then nothing is sent.
    func set() -> Bool {
        FileManager.default.createFile(atPath: path, contents: nil)
    }

    func remove() {
        unlink(path)
    }

    /// Markers whose order has left `active/` (a crash after the move, before the removal): nothing to say.
    static func removeStale(_ spool: Spool, _ tenant: TenantID) {
        for entry in spool.list(tenant, .active) where entry.name.hasSuffix(suffix) {
            let order = String(entry.name.dropLast(suffix.count))
            if !spool.exists(order, tenant: tenant, in: .active) {
                SendingMarker(spool: spool, tenant: tenant, orderFile: order).remove()
            }
        }
    }
}
