import Foundation

extension Spool {
    /// True when the intake took a webhook for `tenant` at or after `since` (`wasp shard accepted`): an event's
    /// duplicate marker made since, or an order received since. An order leaves no marker (its file is its duplicate
    /// record), so only the order files whose inode changed since (a move changes it too) are read.
    public func hasAccepted(_ tenant: TenantID, since: Date) -> Bool {
        if list(tenant, .seen).contains(where: { $0.modified >= since }) { return true }
        return SpoolDirectory.orderStates.contains { state in
            list(tenant, state).contains { entry in
                guard entry.changed >= since, let id = OrderID(fileName: entry.name),
                      let record = try? loadOrder(id, tenant: tenant, in: state),
                      let received = Timestamp.date(record.receivedAt) else { return false }
                return received >= since
            }
        }
    }
}
