import Foundation
import Spool

/// What a soak run's orders became, counted from the spool and from the stand-ins' own record of messages (which
/// wasp cannot write): the Jepsen-style counts of the issue, and the time from due to sent.
public struct SoakTally: Sendable {
    public var accepted = 0
    /// Orders whose orders/create never got a 200 (the shop gave up when the run ended).
    public var neverAccepted = 0
    /// A 200, yet in no state.
    public var lost = 0
    public var inTwoStates = 0
    public var sentOnce = 0
    public var sentTwice = 0
    /// Recorded as sent (or found in the chat) with no message at the stand-in.
    public var recordedNotSent = 0
    /// The cancel got its 200 before the order was due, yet a message went.
    public var cancelledBeforeDueYetSent = 0
    /// Not final (still in incoming/, ready/, active/, deferred/ or hold/) after the drain.
    public var stuck = 0
    /// In failed/, with a reason (allowed, but counted).
    public var failed = 0
    /// Found in active/ after a crash and recognised in the chat (or by its recorded message id), not resent.
    public var indeterminate = 0
    public var daemonKills = 0
    public var browserKills = 0
    /// Due → sent, in seconds, for orders sent once: posted in the calm phase, and under chaos.
    public var calm: [Double] = []
    public var chaos: [Double] = []
    /// Orders under chaos slower than twice the calm p99, by the kill that most likely held them up: of those
    /// between 5 s before the order was due and its sending, the sender before its browser before the scheduler
    /// before the rest. Where the restarts' time goes.
    public var slowAfter: [String: Int] = [:]
    /// Due and sent of each order sent once under chaos, for `attribute`.
    var chaosTimes: [(due: Date, sent: Date)] = []

    /// Every count that must be zero is.
    public var isClean: Bool {
        neverAccepted == 0 && lost == 0 && inTwoStates == 0 && sentTwice == 0 && recordedNotSent == 0
            && cancelledBeforeDueYetSent == 0 && stuck == 0
    }

    public var line: String {
        "soak: accepted \(accepted), lost \(lost), in two states \(inTwoStates), sent exactly once \(sentOnce), "
            + "sent twice \(sentTwice), recorded sent but never sent \(recordedNotSent), "
            + "cancelled before due yet sent \(cancelledBeforeDueYetSent), stuck \(stuck), failed \(failed), "
            + "indeterminate \(indeterminate), never accepted \(neverAccepted), "
            + "kills \(daemonKills) daemon + \(browserKills) browser"
    }

    /// Fills `slowAfter` from the chaos loop's kills.
    mutating func attribute(_ kills: [(at: Date, victim: String)]) {
        let slow = max(LatencySummary(calm).percentile(0.99) * 2, 1)
        let likeliest = ["sender", "browser", "scheduler", "intake", "writeback", "dashboard"]
        for (due, sent) in chaosTimes where sent.timeIntervalSince(due) > slow {
            let victims = Set(kills.filter { $0.at <= sent && $0.at >= due.addingTimeInterval(-5) }.map(\.victim))
            slowAfter[likeliest.first(where: victims.contains) ?? "no kill", default: 0] += 1
        }
    }

    /// The summary line, then due→sent calm and under chaos, and how the two p99s compare.
    public var report: [String] {
        let calm = LatencySummary(calm), chaos = LatencySummary(chaos)
        return [line, "due→sent calm (\(calm.sorted.count) orders): \(calm.secondsLine)",
                "due→sent under chaos (\(chaos.sorted.count) orders): \(chaos.secondsLine)",
                String(format: "under chaos p99 is %.1f× calm p99 (target ≤ 3×)", chaos.percentile(0.99) / max(calm.percentile(0.99), 0.001)),
                "slower than 2× calm p99, by the kill that likely held them up: "
                    + (slowAfter.isEmpty ? "none" : slowAfter.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))]
    }

    /// Counts `orders`; `sends` gives the messages each customer (digits) got, with when.
    mutating func count(_ orders: [SoakOrder], spool: Spool, shop: SoakShop, sends: [String: [Date]]) {
        for order in orders {
            guard shop.accepted(.create, order) != nil else {
                neverAccepted += 1
                continue
            }
            accepted += 1
            count(order, spool: spool, shop: shop, sends: sends[order.digits] ?? [])
        }
    }

    private mutating func count(_ order: SoakOrder, spool: Spool, shop: SoakShop, sends: [Date]) {
        let states = SpoolDirectory.orderStates.filter { spool.exists(order.fileName, tenant: order.tenant, in: $0) }
        if sends.count == 1 { sentOnce += 1 }
        if sends.count > 1 { sentTwice += 1 }
        guard let state = states.last else { return lost += 1 }
        if states.count > 1 { inTwoStates += 1 }
        if SpoolDirectory.pendingStates.contains(state) { stuck += 1 }
        if state == .failed { failed += 1 }
        guard let id = OrderID(fileName: order.fileName),
              let record = try? spool.loadOrder(id, tenant: order.tenant, in: state) else { return }
        let outcomes = record.attempts.map(\.outcome)
        if outcomes.contains(OrderRecord.Attempt.foundInChat) { indeterminate += 1 }
        if sends.isEmpty && outcomes.contains(where: [OrderRecord.Attempt.sent, OrderRecord.Attempt.foundInChat].contains) {
            recordedNotSent += 1
        }
        guard let due = Timestamp.date(record.dueAt) else { return }
        if let cancelled = shop.accepted(.cancel, order), cancelled < due, !sends.isEmpty { cancelledBeforeDueYetSent += 1 }
        if sends.count == 1, let sent = sends.first {
            if order.underChaos {
                chaos.append(sent.timeIntervalSince(due))
                chaosTimes.append((due, sent))
            } else {
                calm.append(sent.timeIntervalSince(due))
            }
        }
    }
}
