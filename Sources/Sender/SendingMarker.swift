import Foundation
import Spool

/// `active/<id>.json.sending`: made right before an order is handed to a provider that cannot look afterwards
/// whether its message went (Meta's Cloud API has no such query), removed once the outcome is on disk. Found
/// beside an order at a start, it says the sender died while the message may have gone: the order fails with
/// that reason rather than being sent twice. It is durable (fsynced, and `active/` with it) before the request
/// leaves: a power cut while Meta takes the message must not lose it.
struct SendingMarker {
    static let suffix = Spool.sendingMarkerSuffix
    let spool: Spool
    let tenant: TenantID
    let orderFile: String

    private var path: String { spool.path(tenant, .active, orderFile + Self.suffix) }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Made holding the order's number of attempts before this one, so a start can tell whether the file records
    /// an outcome after the mark. False when it cannot be made (a full or read-only disk): then nothing is sent.
    func set(attempts: Int) -> Bool {
        (try? spool.replace(orderFile + Self.suffix, tenant: tenant, in: .active, with: Data("\(attempts)\n".utf8),
                            modified: Date())) != nil
    }

    /// The attempts the order had when the mark was made; nil for a mark without a number.
    var attempts: Int? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
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
