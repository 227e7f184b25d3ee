import Foundation
import Spool
import Synchronization

/// When each tenant last heard from Shopify by webhook, for the quiet alert and for clearing the missed-webhook
/// alert: noted by the receiver at each verified delivery, and after a restart taken from the newest marker in
/// `seen/` (a delivery with a webhook or event id leaves one), else from the intake's start.
final class FeedWatch: Sendable {
    private let spool: Spool
    private let started: Date
    private let heardAt = Mutex<[TenantID: Date]>([:])

    init(spool: Spool, started: Date = Date()) {
        self.spool = spool
        self.started = started
    }

    func heard(from tenant: TenantID, at date: Date) {
        heardAt.withLock { $0[tenant] = max($0[tenant] ?? date, date) }
    }

    func lastHeard(_ tenant: TenantID) -> Date {
        if let known = heardAt.withLock({ $0[tenant] }) { return known }
        let newestMarker = spool.list(tenant, .seen).filter { SeenMarker.isDelivery($0.name) }.map(\.modified).max()
        let last = newestMarker ?? started
        heardAt.withLock { $0[tenant] = max($0[tenant] ?? last, last) }
        return last
    }
}
