import Foundation
import Spool

extension OrderDelivery {
    /// Tries of a reminder that failed before it is given up: the order's first message went, so a reminder is
    /// never worth failing the order for.
    static let reminderTries = 3

    /// The reminder's words: the same message, marked as a reminder (the Cloud API sends the same template).
    static func reminderText(_ message: String) -> String {
        "Reminder: " + message
    }

    /// The one reminder of an asked order the scheduler sent back to `ready/`: sent like a message (pacing,
    /// `daily_cap`, the pair limit), recorded as `reminded`, and the order returns to `sent/` whatever happens
    /// (while it waits in `deferred/` it stays marked `reminding`, for the scheduler to release it again).
    func remind(_ record: OrderRecord, tenant: TenantID, name: String, claimed: Bool, config: TenantConfig) -> Result {
        guard let phone = record.phone.e164 else { return giveUpReminder(record, tenant: tenant, reason: "no phone") }
        // The stop word may have come while the reminder waited in ready/, where the scheduler cannot mark it.
        if OptOutList(spool: spool, tenant: tenant).contains(String(phone.dropFirst())) {
            return giveUpReminder(record, tenant: tenant, reason: OrderProgress.optedOutReason)
        }
        let now = Date()
        if DailyCount.sent(spool, tenant, on: now, in: config.timeZone) >= config.dailyCap {
            postpone(record, tenant: tenant, outcome: Outcome.dailyCap, detail: "daily_cap \(config.dailyCap) reached",
                             until: DailyCount.nextDay(after: now, in: config.timeZone))
            return .quiet
        }
        var reminder = record
        reminder.message = Self.reminderText(record.message)
        let outcome = provider(for: config).send(reminder, digits: String(phone.dropFirst()), tenant: tenant, config: config,
                                                 mayHaveGone: claimed) { spool.exists(name, tenant: tenant, in: .active) }
        switch outcome {
        case .sent(let detail, let messageID, let messageStatus):
            var entry = attempt(Outcome.reminded, detail ?? "reminder sent")
            (entry.messageID, entry.messageStatus) = (messageID, messageStatus)
            try? DailyCount.record(spool, tenant, on: Date(), in: config.timeZone)
            finishReminder(record, tenant: tenant, entry)
            return .messaged
        case .foundInChat:
            finishReminder(record, tenant: tenant, attempt(Outcome.reminded, "reminder already in the chat; not sent again"))
            return .quiet
        case .notLinked:
            waitForLink(record, tenant: tenant)
            return .quiet
        case .later(let reason, let at):
            postpone(record, tenant: tenant, outcome: Outcome.pairLimit, detail: reason, until: at)
            return .quiet
        case .withdrawn:
            log.event("order left active/ before its reminder; not sent", tenant: tenant, order: record.orderID)
            return .quiet
        case .retry(let reason, _, let at):
            let tries = record.attempts.filter { $0.outcome == Outcome.reminderError }.count + 1
            if tries >= Self.reminderTries { return giveUpReminder(record, tenant: tenant, reason: reason) }
            postpone(record, tenant: tenant, outcome: Outcome.reminderError, detail: reason,
                             until: at ?? Date().addingTimeInterval(retry.delay(afterFailures: tries)))
            return .messaged
        case .notOnWhatsApp(let reason), .accountProblem(let reason):
            return giveUpReminder(record, tenant: tenant, reason: reason)
        }
    }

    private func finishReminder(_ record: OrderRecord, tenant: TenantID, _ entry: OrderRecord.Attempt) {
        var done = record
        done.attempts.append(entry)
        done.reminding = nil
        done.remindedAt = entry.at
        finish(done, tenant: tenant, to: .sent, due: Date())
    }

    private func giveUpReminder(_ record: OrderRecord, tenant: TenantID, reason: String) -> Result {
        finishReminder(record, tenant: tenant, attempt(Outcome.reminderFailed, "reminder not sent: " + reason))
        return .quiet
    }
}
