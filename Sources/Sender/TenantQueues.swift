import Foundation
import Spool

/// What one worker does next for one tenant.
enum SenderJob: Equatable {
    /// Send an order: from `ready/`, or already in `active/` (found there at start: maybe sent before a crash).
    case send(TenantID, name: String, claimed: Bool)
    case link(TenantID)
    /// Look for customers' replies in the tenant's WhatsApp Web chats.
    case readReplies(TenantID)
    /// While WhatsApp is unlinked: fail at once those of these `ready/` orders that no link could send (no
    /// usable phone), as a linked tenant's would be; the others wait for the link.
    case failUnsendable(TenantID, names: [String])

    /// Close any dialog on the tenant's open WhatsApp Web, early in its session, while nothing is due.
    case closeDialogs(TenantID)

    var tenant: TenantID {
        switch self {
        case .send(let tenant, _, _), .link(let tenant), .readReplies(let tenant), .failUnsendable(let tenant, _), .closeDialogs(let tenant): return tenant
        }
    }

    /// An order found in `active/` at start, maybe sent before a crash: settled before anything else.
    var isClaimed: Bool {
        if case .send(_, _, claimed: true) = self { return true }
        return false
    }
}

/// The work waiting per tenant, handed to workers fairly: tenants take turns (one job each per round), a tenant
/// is never worked on by two workers at once (one browser per profile), and a tenant's next message waits for
/// its `min_gap`. Workers block in `next()`; the watcher thread adds work.
final class TenantQueues: @unchecked Sendable {
    private struct Work {
        var ready: [String] = []
        var queued: Set<String> = []
        /// Ready orders not yet looked at for a phone while the tenant is unlinked.
        var unscreened: [String] = []
        var claimed: [String] = []
        var busy = false
        var linked = false
        var linkRequested = false
        /// When orders wait for an unlinked tenant, a QR is shown at most this often.
        var nextAutomaticLink = Date.distantPast
        /// The tenant's `min_gap` after its last message.
        var notBefore = Date.distantPast
        /// Why the tenant's jobs wait (its file never parsed, another shard serves it), and until when they are
        /// looked at again.
        var setAsideUntil = Date.distantPast
        var setAsideFor: String?
        /// When to look for customers' replies next; nil while no asked order listens.
        var replyCheck: Date?
        var lastReplyCheck = Date.distantPast
        /// Until when the open WhatsApp Web is looked at for dialogs while idle, and when next.
        var dialogWatchEnd = Date.distantPast
        var nextDialogLook = Date.distantPast
    }

    /// However short `confirm.poll` is set, a look for replies drives the browser no more often than this.
    static let shortestReplyPoll: TimeInterval = 2

    private let condition = NSCondition()
    private var work: [TenantID: Work] = [:]
    private var turn: [TenantID] = []
    private var stopped = false
    /// Outcomes wait to be recorded: no order is handed out to send.
    private var sendsHeld = false

    /// Holds or lets go the sending of orders; true when that changed.
    func holdSends(_ hold: Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard sendsHeld != hold else { return false }
        sendsHeld = hold
        condition.broadcast()
        return true
    }

    func setLinked(_ tenant: TenantID, _ linked: Bool) {
        update(tenant) { $0.linked = linked }
    }

    /// Someone asked for a link: a tenant waiting for its configuration looks at its file again at once.
    func requestLink(_ tenant: TenantID) {
        update(tenant) { work in
            work.linkRequested = true
            work.setAsideUntil = .distantPast
        }
    }

    /// The request file is gone, so a flag set twice for it (an event and a scan) is answered once.
    func clearLinkRequest(_ tenant: TenantID) {
        update(tenant) { $0.linkRequested = false }
    }

    /// Orders for an unlinked tenant wait in `ready/`; its QR is shown again no sooner than `date`.
    func postponeAutomaticLink(_ tenant: TenantID, until date: Date) {
        update(tenant) { $0.nextAutomaticLink = date }
    }

    /// Asked orders listen for replies: look no later than `poll` after the last look (and no sooner than
    /// `atLeast` after it, for a look prompted by a send).
    func listenForReplies(_ tenant: TenantID, poll given: TimeInterval, atLeast: TimeInterval = 0) {
        let poll = max(given, Self.shortestReplyPoll)
        update(tenant) { work in
            let due = max(Date(), work.lastReplyCheck.addingTimeInterval(max(atLeast, 0)))
            let latest = work.lastReplyCheck.addingTimeInterval(poll)
            work.replyCheck = min(work.replyCheck ?? .distantFuture, atLeast > 0 ? due : max(Date(), latest))
        }
    }

    /// Looks for dialogs on the tenant's open WhatsApp Web every `interval` while nothing else is due, until `end`.
    func watchForDialogs(_ tenant: TenantID, until end: Date, every interval: TimeInterval) {
        update(tenant) { work in
            work.dialogWatchEnd = end
            work.nextDialogLook = Date().addingTimeInterval(interval)
        }
    }

    func addReady(_ tenant: TenantID, _ name: String) {
        update(tenant) { work in
            if work.queued.insert(name).inserted {
                work.ready.append(name)
                work.unscreened.append(name)
            }
        }
    }

    func addClaimed(_ tenant: TenantID, _ name: String) {
        update(tenant) { $0.claimed.append(name) }
    }

    /// Blocks until a job is due, or returns nil once stopped.
    func next() -> SenderJob? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            let now = Date()
            var wake = Date.distantFuture
            for tenant in turn {
                guard let job = job(for: tenant, now: now, wake: &wake) else { continue }
                work[tenant]?.busy = true
                turn.removeAll { $0 == tenant }
                turn.append(tenant)
                return job
            }
            if wake == .distantFuture {
                condition.wait()
            } else {
                _ = condition.wait(until: wake)
            }
        }
        return nil
    }

    /// The worker is done with `tenant`; after a message, its next one waits `gap`.
    func finish(_ tenant: TenantID, gap: TimeInterval) {
        update(tenant) { work in
            work.busy = false
            if gap > 0 { work.notBefore = Date().addingTimeInterval(gap) }
        }
    }

    /// The tenant cannot be worked on now (`reason`: no usable configuration, served by another shard): `job`
    /// goes back where it came from (a link request stays in its file, which the next scan finds) and the tenant
    /// waits until `date`. True when it was not waiting for that reason already.
    func setAside(_ job: SenderJob, until date: Date, because reason: String) -> Bool {
        var isNew = false
        update(job.tenant) { work in
            work.busy = false
            switch job {
            case .send(_, let name, claimed: true): work.claimed.insert(name, at: 0)
            case .send(_, let name, claimed: false):
                if work.queued.insert(name).inserted { work.ready.insert(name, at: 0) }
            case .failUnsendable(_, let names): work.unscreened.insert(contentsOf: names, at: 0)
            case .link, .readReplies, .closeDialogs: break
            }
            work.setAsideUntil = date
            isNew = work.setAsideFor != reason
            work.setAsideFor = reason
        }
        return isNew
    }

    /// What set the tenant aside is over; true when it had been waiting for `reason`.
    func resume(_ tenant: TenantID, from reason: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard work[tenant]?.setAsideFor == reason else { return false }
        work[tenant]?.setAsideFor = nil
        return true
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Called with the lock held.
    private func job(for tenant: TenantID, now: Date, wake: inout Date) -> SenderJob? {
        guard var tenantWork = work[tenant], !tenantWork.busy else { return nil }
        guard now >= tenantWork.setAsideUntil else {
            wake = min(wake, tenantWork.setAsideUntil)
            return nil
        }
        defer { work[tenant] = tenantWork }
        if tenantWork.linkRequested {
            tenantWork.linkRequested = false
            return .link(tenant)
        }
        if !tenantWork.claimed.isEmpty && !sendsHeld {
            return .send(tenant, name: tenantWork.claimed.removeFirst(), claimed: true)
        }
        guard !tenantWork.ready.isEmpty && !sendsHeld else {
            return replyCheck(tenant, &tenantWork, now: now, wake: &wake) ?? dialogLook(tenant, &tenantWork, now: now, wake: &wake)
        }
        if !tenantWork.linked {
            if !tenantWork.unscreened.isEmpty {
                defer { tenantWork.unscreened.removeAll() }
                return .failUnsendable(tenant, names: tenantWork.unscreened)
            }
            guard now >= tenantWork.nextAutomaticLink else {
                wake = min(wake, tenantWork.nextAutomaticLink)
                return nil
            }
            return .link(tenant)
        }
        guard now >= tenantWork.notBefore else {
            wake = min(wake, tenantWork.notBefore)
            return nil
        }
        // Linked, every ready order is sent (or failed) in turn: nothing is left to screen.
        tenantWork.unscreened.removeAll()
        let name = tenantWork.ready.removeFirst()
        tenantWork.queued.remove(name)
        return .send(tenant, name: name, claimed: false)
    }

    /// Replies are looked for when nothing waits to be sent, and only in a linked WhatsApp.
    private func replyCheck(_ tenant: TenantID, _ tenantWork: inout Work, now: Date, wake: inout Date) -> SenderJob? {
        guard tenantWork.linked, let due = tenantWork.replyCheck else { return nil }
        guard now >= due else {
            wake = min(wake, due)
            return nil
        }
        tenantWork.replyCheck = nil
        tenantWork.lastReplyCheck = now
        return .readReplies(tenant)
    }

    /// Dialogs are looked for when nothing else is due (a send closes them itself), once per `watchForDialogs`.
    private func dialogLook(_ tenant: TenantID, _ tenantWork: inout Work, now: Date, wake: inout Date) -> SenderJob? {
        guard tenantWork.linked, tenantWork.nextDialogLook < tenantWork.dialogWatchEnd else { return nil }
        guard now >= tenantWork.nextDialogLook else {
            wake = min(wake, tenantWork.nextDialogLook)
            return nil
        }
        tenantWork.nextDialogLook = .distantFuture
        return .closeDialogs(tenant)
    }

    private func update(_ tenant: TenantID, _ change: (inout Work) -> Void) {
        condition.lock()
        if work[tenant] == nil {
            work[tenant] = Work()
            turn.append(tenant)
        }
        change(&work[tenant]!)
        condition.broadcast()
        condition.unlock()
    }
}
