import Foundation
import Spool

/// A customer's answers applied to the order they answer: `sent/` → `confirmed/` on a yes, → `cancelled/` (by the
/// customer) on a no, and a later different answer wins until the order ships. Every reply is recorded on the
/// order, a reply that is neither yes nor no too, so the merchant reads what the customer wrote.
extension EventApplier {
    /// The states an asked order can be answered in (`deferred/`: waiting to send its reminder).
    static let answerable: [SpoolDirectory] = [.sent, .confirmed, .cancelled, .deferred]
    /// Where to look for the order a reply answers: also the sender's, where it waits until its reminder is done.
    static let searched = answerable + [.ready, .active]

    func apply(_ answers: [CustomerAnswer]) throws(SpoolError) -> EventOutcome {
        var notes: [String] = []
        for answer in answers {
            guard let (id, state) = order(answeredBy: answer) else {
                notes.append("no asked order for the reply from \(answer.sender)")
                continue
            }
            guard state != .active, let note = try apply(answer, to: id, in: state) else {
                return .waiting("the sender is sending order \(id)")
            }
            notes.append("order \(id) " + note)
        }
        return .applied(notes.joined(separator: "; "))
    }

    /// Nil while it must wait: an order in `ready/` (waiting for its reminder) may be moved out, never rewritten.
    private func apply(_ answer: CustomerAnswer, to id: OrderID, in state: SpoolDirectory) throws(SpoolError) -> String? {
        guard let record = try load(id, in: state) else { return "unreadable; left for wasp fsck" }
        if let index = answer.index, (record.answers ?? []).filter({ $0.provider == answer.provider }).count >= index {
            return "reply \(index) recorded already"
        }
        let meaning = answer.meaning(confirm.words)
        let recorded = OrderRecord.Answer(
            at: Timestamp.string(answer.at), meaning: meaning, text: answer.text, button: answer.button,
            provider: answer.provider,
            late: record.sentAt.flatMap(Timestamp.date).map { answer.at.timeIntervalSince($0) > confirm.expire } == true ? true : nil)
        // A callback delivered again, or an event applied again after a crash, changes nothing twice.
        if record.answers?.contains(recorded) == true { return "recorded already" }
        let target = destination(of: meaning, for: record, in: state)
        // On the list before anything else, so the reminder waiting in ready/ sees it and is not sent.
        if meaning == .stop { try optOut(record, answer: answer, at: recorded.at) }
        if state == .ready && target == nil { return nil }
        let alerts = meaning == .unclear && record.needsYouAlertedAt == nil && alert != nil
        var current = state
        if let target, target != state {
            guard try move(id.fileName, from: state, to: target) else { return "moved meanwhile; recorded nothing" }
            current = target
        }
        // The job before the answer: a crash between the two writes the job again (the same tags), never none.
        if let target { try depositWriteback(target == .confirmed ? .confirmed : .cancelled, orderID: id) }
        try update(id, in: current) { order in
            if order.answers?.contains(recorded) != true { order.answers = (order.answers ?? []) + [recorded] }
            if current == .cancelled && target == .cancelled && order.cancellation == nil {
                order.cancellation = OrderRecord.Cancellation(at: recorded.at, reason: "customer", afterSending: true,
                                                              by: OrderRecord.Cancellation.byCustomer)
            }
            if current == .confirmed { order.cancellation = nil }
            if target != nil { order.reminding = nil }
            if meaning == .stop && order.optedOutAt == nil { order.optedOutAt = recorded.at }
            if alerts { order.needsYouAlertedAt = Timestamp.string(now) }
        }
        // Marked before it runs: a crash in between loses this one alert rather than repeat it for every reply.
        if alerts { alertNeedsYou(record, text: answer.text) }
        switch (meaning, target) {
        case (.unclear, _): return "customer wrote something else; recorded"
        case (.stop, _): return "customer opted out; the number is on the do-not-message list"
        case (_, nil): return "\(meaning.rawValue) recorded; the order stays in \(state.rawValue)/"
        case (_, let target?) where target == state: return "\(meaning.rawValue) again; recorded"
        case (_, let target?): return "\(meaning.rawValue): \(state.rawValue)/ → \(target.rawValue)/"
        }
    }

    /// Where an answer takes the order; nil when it only records it: an unclear reply, an order not asked, one
    /// Shopify cancelled, delivered or failed, or one already shipped.
    private func destination(of meaning: AnswerWords.Meaning, for record: OrderRecord,
                             in state: SpoolDirectory) -> SpoolDirectory? {
        let byCustomer = record.cancellation?.by == OrderRecord.Cancellation.byCustomer
        // An order told, not asked (a prepaid one), is not confirmed by a "thanks, ok".
        guard meaning == .confirm || meaning == .cancel, record.asked == true, record.fulfillment == nil,
              state != .cancelled || byCustomer else { return nil }
        let waitsForReminder = (state == .deferred || state == .ready) && record.reminding == true
        guard Self.answerable.contains(state) || waitsForReminder, state != .deferred || waitsForReminder else { return nil }
        return meaning == .confirm ? .confirmed : .cancelled
    }

    /// The order a reply answers: the message it replies to (or reacts to), else the order its button names, else
    /// the latest asked order to the customer's number, preferring one still waiting for its answer. A reply without
    /// a number (a username's) and a reaction to another message answer no order by number.
    private func order(answeredBy answer: CustomerAnswer) -> (OrderID, SpoolDirectory)? {
        if let id = answer.order, let state = spool.state(of: id, tenant: tenant) { return (id, state) }
        if let message = answer.repliesTo, let found = first(where: { $0.attempts.contains { $0.messageID == message } }) {
            return found
        }
        if let (id, _) = answer.buttonChoice, let state = spool.state(of: id, tenant: tenant) { return (id, state) }
        guard let from = answer.from, !answer.isReaction else { return nil }
        let asked = { (record: OrderRecord) in record.asked == true && record.phone.e164?.filter(\.isNumber) == from }
        return latest(in: [.sent, .deferred, .ready, .active], where: asked) ?? latest(in: [.confirmed, .cancelled], where: asked)
    }

    private func first(where matches: (OrderRecord) -> Bool) -> (OrderID, SpoolDirectory)? {
        for state in Self.searched {
            for entry in spool.list(tenant, state) {
                guard let id = OrderID(fileName: entry.name), let record = try? load(id, in: state) else { continue }
                if matches(record) { return (id, state) }
            }
        }
        return nil
    }

    private func latest(in states: [SpoolDirectory], where matches: (OrderRecord) -> Bool) -> (OrderID, SpoolDirectory)? {
        var best: (OrderID, SpoolDirectory, String)?
        for state in states {
            for entry in spool.list(tenant, state) {
                guard let id = OrderID(fileName: entry.name), let record = try? load(id, in: state), matches(record) else { continue }
                let sent = record.sentAt ?? ""
                if best == nil || sent > best!.2 { best = (id, state, sent) }
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    private func alertNeedsYou(_ record: OrderRecord, text: String?) {
        let words = String((text ?? "").prefix(500))
        alert?.run(["WASP_TENANT=\(tenant)", "WASP_ORDER=\(record.orderID)", "WASP_ORDER_NAME=\(record.name ?? "")",
                    "WASP_STATE=needs-you", "WASP_REASON=the customer wrote: \(words)"],
                   tenant: tenant, order: record.orderID, about: "a reply that needs a person")
    }

    /// Puts the order's number (else the one that wrote) on the tenant's do-not-message list.
    private func optOut(_ record: OrderRecord, answer: CustomerAnswer, at time: String) throws(SpoolError) {
        guard let digits = record.phone.e164.flatMap(OptOutList.digits) ?? answer.from else { return }
        let words = answer.text.map { "replied “\($0)”" } ?? "opted out"
        try OptOutList(spool: spool, tenant: tenant).add(digits, reason: "\(words) to order \(record.orderID) at \(time)",
                                                         at: Timestamp.date(time) ?? now)
    }

    /// The decision's job for `wasp writeback`, named by when it was decided, so jobs run in the order of the
    /// decisions whatever times the answers carry.
    func depositWriteback(_ outcome: WritebackSettings.Outcome, orderID: OrderID) throws(SpoolError) {
        guard writeback.isEnabled else { return }
        let job = WritebackJob.forAnswer(outcome, orderID: orderID.rawValue, settings: writeback, at: Date())
        try spool.deposit(job.encoded(), tenant: tenant, into: .writeback, name: job.fileName, modified: now)
    }

    /// Nil for a file that does not parse, which `wasp fsck` reports.
    private func load(_ id: OrderID, in state: SpoolDirectory) throws(SpoolError) -> OrderRecord? {
        do {
            return try spool.loadOrder(id, tenant: tenant, in: state)
        } catch {
            if case .spool(let failure) = error { throw failure }
            return nil
        }
    }
}
