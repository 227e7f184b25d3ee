import Foundation
import Spool
import WhatsApp

/// One order through WhatsApp: claim it (`ready/` → `active/`), send it, record the try in the file, and move it
/// to `sent/`, `failed/` or `deferred/` (its mtime the next try). The file is rewritten only while in `active/`,
/// which is the sender's alone.
struct OrderDelivery {
    let spool: Spool
    let web: WebProvider
    let cloud: CloudProvider
    let queues: TenantQueues
    let unrecorded = UnrecordedOutcomes()
    let log: Log
    let readiness: DaemonReadiness
    let states: LinkStates
    let retry: RetryPolicy

    /// What the try cost the tenant's pacing: whether a message was (perhaps) sent.
    enum Result { case messaged, quiet }

    func deliver(_ tenant: TenantID, name: String, claimed: Bool, config: TenantConfig) -> Result {
        guard let id = OrderID(fileName: name) else { return .quiet }
        if !claimed && !claim(tenant, name) { return .quiet }
        let record: OrderRecord
        do {
            record = try spool.loadOrder(id, tenant: tenant, in: .active)
        } catch .malformed(_, let problem) {
            let corrupt = try? spool.setAside(name, tenant: tenant, from: .active)
            log.event("order file set aside", tenant: tenant, order: id.rawValue, ["problem": problem, "corrupt": corrupt ?? "?"])
            return .quiet
        } catch {
            log.repeating("cannot read the order", tenant: tenant, order: id.rawValue, ["error": error.description])
            return .quiet
        }
        return deliver(record, tenant: tenant, name: name, claimed: claimed, config: config)
    }

    /// Orders with no usable phone go to `failed/` at once (README: an order with no phone fails at once), even
    /// while WhatsApp is unlinked; the rest stay in `ready/` for the link. Each file is read once, here.
    func failUnsendable(_ tenant: TenantID, names: [String], config: TenantConfig) {
        for name in names {
            guard let id = OrderID(fileName: name), let record = try? spool.loadOrder(id, tenant: tenant, in: .ready),
                  record.phone.e164 == nil, record.reminding != true else { continue }
            _ = deliver(tenant, name: name, claimed: false, config: config)
        }
    }

    private func claim(_ tenant: TenantID, _ name: String) -> Bool {
        do {
            try spool.move(name, tenant: tenant, from: .ready, to: .active)
            return true
        } catch let error where error.isMissing {
            return false
        } catch {
            log.repeating("cannot claim the order", tenant: tenant, order: OrderID(fileName: name)?.rawValue,
                      ["error": error.description])
            return false
        }
    }

    /// `claimed`: found in `active/` at start, so perhaps sent already.
    private func deliver(_ record: OrderRecord, tenant: TenantID, name: String, claimed: Bool,
                         config: TenantConfig) -> Result {
        if record.reminding == true { return remind(record, tenant: tenant, name: name, claimed: claimed, config: config) }
        // Sent, or its reminder done, before a crash kept it from leaving active/: never again.
        if let last = record.attempts.last, Outcome.finished.contains(last.outcome) {
            finish(record, tenant: tenant, to: .sent, due: Date())
            return .quiet
        }
        let provider = provider(for: config)
        let marker = SendingMarker(spool: spool, tenant: tenant, orderFile: name)
        if claimed && !provider.canLookInChat && marker.exists {
            resolveInterrupted(record, marker: marker, tenant: tenant, name: name)
            return .quiet
        }
        guard let phone = record.phone.e164 else {
            fail(record, tenant: tenant, outcome: Outcome.noPhone, reason: "no phone: " + Log.masked(numbersIn: record.phone.problem ?? "none given"))
            return .quiet
        }
        let now = Date()
        if DailyCount.sent(spool, tenant, on: now, in: config.timeZone) >= config.dailyCap {
            let tomorrow = DailyCount.nextDay(after: now, in: config.timeZone)
                .addingTimeInterval(Double.random(in: 0...max(1, config.minGap * 10)))
            postpone(record, tenant: tenant, outcome: Outcome.dailyCap, detail: "daily_cap \(config.dailyCap) reached",
                  until: tomorrow)
            return .quiet
        }
        if !provider.canLookInChat && !marker.set(attempts: record.attempts.count) {
            transientFailure(record, tenant: tenant, reason: "cannot write active/\(name)\(SendingMarker.suffix); is the disk full?")
            return .quiet
        }
        let outcome = provider.send(record, digits: String(phone.dropFirst()), tenant: tenant, config: config,
                                    mayHaveGone: claimed || record.attempts.last?.outcome == RetryPolicy.countedOutcome) {
            spool.exists(name, tenant: tenant, in: .active)
        }
        if case .withdrawn = outcome { marker.remove() }
        return conclude(outcome, of: record, tenant: tenant, config: config)
    }

    /// A claimed order with its `.sending` mark: the sender died while handing it to Meta. An outcome the file
    /// records after the mark was made (a crash between its rewrite and its move) stands; otherwise the message
    /// may have gone, and the order fails rather than go twice. The mark goes once the outcome is recorded.
    private func resolveInterrupted(_ record: OrderRecord, marker: SendingMarker, tenant: TenantID, name: String) {
        if let marked = marker.attempts, record.attempts.count > marked {
            let due = spool.entry(name, tenant: tenant, in: .active)?.modified ?? Date()
            finish(record, tenant: tenant, to: record.failure == nil ? .deferred : .failed, due: due)
            return
        }
        fail(record, tenant: tenant, outcome: Outcome.mayHaveGone, reason: "the sender stopped while handing the "
             + "message to Meta, so it may have gone; Meta cannot be asked, so it is not sent again ('wasp requeue' would)")
    }

    /// The one place a tenant's provider is chosen.
    func provider(for config: TenantConfig) -> any MessageProvider {
        config.provider == .cloud ? cloud : web
    }

    private func conclude(_ outcome: ProviderOutcome, of record: OrderRecord, tenant: TenantID,
                          config: TenantConfig) -> Result {
        switch outcome {
        case .sent(let detail, let messageID, let messageStatus):
            var sent = record
            var entry = attempt(Outcome.sent, detail)
            (entry.messageID, entry.messageStatus) = (messageID, messageStatus)
            sent.attempts.append(entry)
            if config.confirm.asks(record) { sent.asked = true }
            try? DailyCount.record(spool, tenant, on: Date(), in: config.timeZone)
            finish(sent, tenant: tenant, to: .sent, due: Date())
            readiness.serving("message sent")
            // A message that went proves the tenant can send, whatever the state said (a token fixed, a relink).
            if spool.linkState(tenant) != .linked { states.set(.linked, tenant: tenant) }
            return .messaged
        case .foundInChat:
            var sent = record
            sent.attempts.append(attempt(Outcome.foundInChat, "already in the chat; not sent again"))
            if config.confirm.asks(record) { sent.asked = true }
            try? DailyCount.record(spool, tenant, on: Date(), in: config.timeZone)
            finish(sent, tenant: tenant, to: .sent, due: Date())
            return .quiet
        case .notOnWhatsApp(let reason):
            fail(record, tenant: tenant, outcome: Outcome.notOnWhatsApp, reason: reason)
            return .quiet
        case .accountProblem(let reason):
            states.set(.error, reason: reason, tenant: tenant)
            postpone(record, tenant: tenant, outcome: Outcome.accountProblem, detail: reason,
                  until: Date().addingTimeInterval(retry.delay(afterFailures: 1)))
            return .quiet
        case .notLinked:
            waitForLink(record, tenant: tenant)
            return .quiet
        case .withdrawn:
            log.event("order left active/ before sending; not sent", tenant: tenant, order: record.orderID)
            return .quiet
        case .later(let reason, let at):
            postpone(record, tenant: tenant, outcome: Outcome.pairLimit, detail: reason, until: at)
            return .quiet
        case .retry(let reason, let evidence, let at):
            if let evidence { Evidence.save(evidence, tenant: tenant, spool: spool, log: log) }
            transientFailure(record, tenant: tenant, reason: reason, at: at)
            return .messaged
        }
    }

    /// `at`: when the provider said to try again (a `Retry-After`), else the backoff decides.
    private func transientFailure(_ record: OrderRecord, tenant: TenantID, reason: String, at: Date? = nil) {
        let failures = RetryPolicy.failures(record) + 1
        if failures >= retry.maxAttempts {
            fail(record, tenant: tenant, outcome: RetryPolicy.countedOutcome,
                 reason: "too many attempts (\(failures)); last: \(reason)")
            return
        }
        postpone(record, tenant: tenant, outcome: RetryPolicy.countedOutcome, detail: reason,
              until: at ?? Date().addingTimeInterval(retry.delay(afterFailures: failures)))
    }

    /// WhatsApp Web showed a QR code: the tenant's state says so, and the order waits in `deferred/`.
    func waitForLink(_ record: OrderRecord, tenant: TenantID) {
        Linking.noticeUnlinked(tenant, spool: spool, states: states, queues: queues, log: log)
        postpone(record, tenant: tenant, outcome: Outcome.notLinked, detail: "WhatsApp is not linked; showing a QR code",
                 until: Date().addingTimeInterval(retry.base))
    }

    func postpone(_ record: OrderRecord, tenant: TenantID, outcome: String, detail: String, until due: Date) {
        var deferred = record
        deferred.attempts.append(attempt(outcome, detail))
        finish(deferred, tenant: tenant, to: .deferred, due: due)
    }

    private func fail(_ record: OrderRecord, tenant: TenantID, outcome: String, reason: String) {
        var failed = record
        failed.attempts.append(attempt(outcome, reason))
        failed.failure = reason
        finish(failed, tenant: tenant, to: .failed, due: Date())
    }

    /// Rewrites the file in `active/` (mtime `due`, which a move keeps) and moves it on. A crash between the two
    /// leaves the outcome recorded in `active/`, which the next start honours without sending again. An outcome
    /// the disk refuses waits in memory, and no order is claimed until it is written (`recordUnrecorded`).
    func finish(_ record: OrderRecord, tenant: TenantID, to state: SpoolDirectory, due: Date) {
        let outcome = UnrecordedOutcomes.Outcome(record: record, tenant: tenant, state: state, due: due)
        do {
            try write(outcome)
        } catch {
            unrecorded.add(outcome)
            log.event("cannot record the outcome; kept in memory and written when the disk allows", tenant: tenant,
                      order: record.orderID, ["error": error.description])
            holdClaimsWhileOutcomesWait()
        }
    }

    /// Writes the outcomes the disk refused; once none waits, orders are claimed again. Called every few seconds,
    /// it also puts right a hold that a worker's refusal and this pass set in the wrong order.
    func recordUnrecorded() {
        if !unrecorded.isEmpty { unrecorded.retry { (try? write($0)) != nil } }
        holdClaimsWhileOutcomesWait()
    }

    private func holdClaimsWhileOutcomesWait() {
        let waiting = !unrecorded.isEmpty
        if queues.holdSends(waiting) {
            log.event(waiting ? "no order is claimed until the outcomes can be recorded" : "outcomes recorded; claiming orders again")
        }
    }

    /// At a stop: one last try, and a line for each outcome still not written (its order stays in `active/`, to be
    /// checked at the next start; a Cloud API order keeps its mark, so it fails rather than go twice).
    func recordUnrecordedBeforeStopping() {
        recordUnrecorded()
        for outcome in unrecorded.takeAll() {
            log.event("outcome not recorded at the stop; the order stays in active/", tenant: outcome.tenant,
                      order: outcome.record.orderID, ["outcome": outcome.record.attempts.last?.outcome ?? ""])
        }
    }

    private func write(_ outcome: UnrecordedOutcomes.Outcome) throws(SpoolError) {
        let record = outcome.record
        try spool.saveOrder(record, tenant: outcome.tenant, in: .active, modified: outcome.due)
        try spool.move(record.orderID + ".json", tenant: outcome.tenant, from: .active, to: outcome.state)
        // Only now is the outcome on disk: until then a Cloud API order's mark must outlive a crash.
        SendingMarker(spool: spool, tenant: outcome.tenant, orderFile: record.orderID + ".json").remove()
        let last = record.attempts.last
        log.event(outcome.state.rawValue, tenant: outcome.tenant, order: record.orderID,
                  ["outcome": last?.outcome ?? "", "detail": last?.detail ?? "", "due": Timestamp.string(outcome.due)])
    }

    func attempt(_ outcome: String, _ detail: String?) -> OrderRecord.Attempt {
        OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: outcome, detail: detail)
    }
}

/// The `outcome` words of an order's attempts.
enum Outcome {
    static let sent = OrderRecord.Attempt.sent
    static let foundInChat = OrderRecord.Attempt.foundInChat
    static let notOnWhatsApp = "not_on_whatsapp"
    static let noPhone = "no_phone"
    static let notLinked = "not_linked"
    static let dailyCap = "daily_cap"
    /// The sender died while a provider that cannot look may have taken the message.
    static let mayHaveGone = "may_have_gone"
    /// The Cloud API refused for a reason of the account (token, template): the order waits.
    static let accountProblem = "account_problem"
    /// Held back by Meta's one message per 6 s to one customer.
    static let pairLimit = "pair_limit"
    /// The one reminder of an asked order: sent, failed and tried again, or given up.
    static let reminded = "reminded"
    static let reminderError = "reminder_error"
    static let reminderFailed = "reminder_failed"
    /// The last outcome of an order that is done with the sender and belongs in `sent/`.
    static let finished: Set<String> = [sent, foundInChat, reminded, reminderFailed]
}
