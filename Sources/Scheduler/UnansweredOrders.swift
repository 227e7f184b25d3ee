import Foundation
import Spool

/// Asked orders without a clear yes or no: after `confirm.reminder` one reminder (the order goes back to `ready/`
/// marked `reminding`, and the sender returns it to `sent/`), and after `confirm.expire` marked "no answer"
/// where they are, in `sent/`, and written back to Shopify with the no-answer tag.
struct UnansweredOrders {
    let spool: Spool
    let tenants: TenantConfigs
    let placement: ShardPlacement
    let log: Log

    /// The longest wait between two looks; a short `confirm.expire` looks more often.
    static let longestInterval: TimeInterval = 60

    /// Marks what is due and returns how long until the next look.
    func mark(now: Date) -> TimeInterval {
        var interval = Self.longestInterval
        for tenant in spool.tenants() where placement.serves(tenant) {
            guard case .found(let config) = tenants.lookup(tenant), config.confirm.ask else { continue }
            interval = min(interval, max(1, config.confirm.expire / 4))
            if config.confirm.reminder > 0 { interval = min(interval, max(1, config.confirm.reminder / 4)) }
            for entry in spool.list(tenant, .sent) {
                guard let id = OrderID(fileName: entry.name), let record = try? spool.loadOrder(id, tenant: tenant, in: .sent),
                      let expiry = expiry(of: record, after: config.confirm.expire) else { continue }
                if expiry <= now {
                    markNoAnswer(id, tenant: tenant, config: config, expiredAt: expiry, now: now)
                } else if isReminderDue(record, after: config.confirm.reminder, now: now), !isOptedOut(record, tenant: tenant) {
                    remind(id, tenant: tenant, now: now)
                }
            }
        }
        return interval
    }

    private func expiry(of record: OrderRecord, after expire: TimeInterval) -> Date? {
        guard record.asked == true, record.noAnswerAt == nil, record.decisiveAnswer == nil, record.optedOutAt == nil,
              let sent = record.sentAt.flatMap(Timestamp.date) else { return nil }
        return sent.addingTimeInterval(expire)
    }

    private func isReminderDue(_ record: OrderRecord, after reminder: TimeInterval, now: Date) -> Bool {
        guard reminder > 0, record.remindedAt == nil, let sent = record.sentAt.flatMap(Timestamp.date) else { return false }
        return sent.addingTimeInterval(reminder) <= now
    }

    /// The customer said stop, perhaps in answer to another of their orders: no reminder for any of them.
    private func isOptedOut(_ record: OrderRecord, tenant: TenantID) -> Bool {
        record.phone.e164.flatMap(OptOutList.digits).map(OptOutList(spool: spool, tenant: tenant).contains) ?? false
    }

    /// Marked first, then moved: a crash in between leaves it marked in `sent/`, and the next look moves it.
    private func remind(_ id: OrderID, tenant: TenantID, now: Date) {
        let applier = EventApplier(spool: spool, tenant: tenant, log: log, now: now)
        do {
            try applier.update(id, in: .sent) { $0.reminding = true }
            guard try applier.move(id.fileName, from: .sent, to: .ready) else { return }
            log.event("reminder due", tenant: tenant, order: id.rawValue)
        } catch {
            log.repeating("cannot release a reminder", tenant: tenant, order: id.rawValue, ["error": error.description])
        }
    }

    private func markNoAnswer(_ id: OrderID, tenant: TenantID, config: TenantConfig, expiredAt: Date, now: Date) {
        var applier = EventApplier(spool: spool, tenant: tenant, log: log, now: now)
        applier.writeback = config.writeback
        do {
            try applier.depositWriteback(.noAnswer, orderID: id)
            try applier.update(id, in: .sent) { $0.noAnswerAt = Timestamp.string(expiredAt) }
            log.event("no answer", tenant: tenant, order: id.rawValue, ["expired_at": Timestamp.string(expiredAt)])
        } catch where error.isMissing {
        } catch {
            log.repeating("cannot mark an order unanswered", tenant: tenant, order: id.rawValue, ["error": error.description])
        }
    }
}
