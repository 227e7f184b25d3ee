import Foundation
import Spool
import Synchronization

/// What the scheduler does with a waiting order whose time has come: checks the file, expires it when too old,
/// holds it back during the tenant's quiet hours, and otherwise renames it into `ready/` for the sender.
struct DueOrders {
    enum Verdict: Equatable {
        /// To be moved into `ready/` with the rest of the batch (`release`).
        case release(OrderID)
        case released(OrderID)
        case reschedule(Date)
        case done
    }

    /// Quiet hours end with a spread of this much, so a night's orders do not all leave at the same second.
    static let quietHoursSpread: TimeInterval = 600
    /// How long to wait before retrying a move the file system refused.
    static let retryAfterFailure: TimeInterval = 10

    let spool: Spool
    let tenants: TenantConfigs
    let maxAge: TimeInterval
    let log: Log

    /// What a due file says of itself, read without changing anything: many are read at once, on every core.
    struct Reading: Sendable {
        let file: WaitingFile
        let entry: SpoolEntry?
        let clock: Result<OrderClock, OrderFileError>?
    }

    func read(_ file: WaitingFile) -> Reading {
        guard let entry = spool.entry(file.name, tenant: file.tenant, in: file.directory) else {
            return Reading(file: file, entry: nil, clock: nil)
        }
        guard let id = OrderID(fileName: file.name) else { return Reading(file: file, entry: entry, clock: nil) }
        let clock = Result { () throws(OrderFileError) in try spool.loadOrderClock(id, tenant: file.tenant, in: file.directory) }
        return Reading(file: file, entry: entry, clock: clock)
    }

    /// Reads `files` on every core, in order.
    func read(_ files: [WaitingFile]) -> [Reading] {
        let readings = Mutex([Reading?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let reading = read(files[index])
            readings.withLock { $0[index] = reading }
        }
        return readings.withLock { $0.map { $0! } }
    }

    func handle(_ reading: Reading, now: Date) -> Verdict {
        let file = reading.file
        guard let entry = reading.entry else { return .done }
        let update = OrderUpdate(spool: spool, tenant: file.tenant, log: log)
        guard let id = OrderID(fileName: file.name), let read = reading.clock else {
            return setAside(file, update, problem: "the name is not <order-id>.json")
        }
        let clock: OrderClock
        switch read {
        case .success(let read): clock = read
        case .failure(let error):
            switch error {
            case .malformed: return setAside(file, update, problem: error.description)
            case .spool(let failure) where failure.isMissing: return .done
            case .spool(let failure): return retry(file, id, failure.description, now: now)
            }
        }
        let expiry = (clock.ageStart ?? entry.changed).addingTimeInterval(maxAge)
        if now >= expiry { return expire(file, id, update, now: now) }
        if entry.modified > now { return .reschedule(min(entry.modified, expiry)) }
        if let reason = reasonNotToMessage(clock, tenant: file.tenant) { return setAside(file, id, update, notMessaged: reason, now: now) }
        if let end = quietHoursEnd(file.tenant, now: now) {
            return postpone(file, id, until: end.addingTimeInterval(.random(in: 0..<Self.quietHoursSpread)), now: now)
        }
        return .release(id)
    }

    /// Moves a batch of due orders into `ready/`, with one fsync per directory for all of them.
    func release(_ orders: [(file: WaitingFile, id: OrderID)], now: Date) -> [Verdict] {
        let moves = orders.map { SpoolMove($0.file.name, tenant: $0.file.tenant, from: $0.file.directory, to: .ready) }
        return zip(orders, spool.moveAll(moves)).map { order, moved in
            switch moved {
            case .success: return .released(order.id)
            case .failure(.exists): return removeDuplicate(order.file, order.id, now: now)
            case .failure(let error) where error.isMissing: return .done
            case .failure(let error): return retry(order.file, order.id, error.description, now: now)
            }
        }
    }

    /// The intake's duplicate check and its link are not one step; an order that slipped in twice meets its
    /// twin here, and the copy in `ready/`, the more advanced state, wins.
    private func removeDuplicate(_ file: WaitingFile, _ id: OrderID, now: Date) -> Verdict {
        do {
            try spool.remove(file.name, tenant: file.tenant, from: file.directory)
            log.event("duplicate removed", tenant: file.tenant, order: id.rawValue,
                      ["file": "\(file.directory.rawValue)/\(file.name)", "kept": "ready"])
            return .done
        } catch {
            return retry(file, id, error.description, now: now)
        }
    }

    private func expire(_ file: WaitingFile, _ id: OrderID, _ update: OrderUpdate, now: Date) -> Verdict {
        let reason = "expired: still not sent \(Int(maxAge / 3600)) h after it was received or requeued (max_age)"
        return end(file, id, update, in: .failed, outcome: "expired", reason: reason, now: now) { $0.failure = reason }
    }

    /// The rules said to send nothing, or the number is on the tenant's do-not-message list.
    private func reasonNotToMessage(_ clock: OrderClock, tenant: TenantID) -> String? {
        if let reason = clock.skipReason { return reason }
        guard let digits = clock.phoneDigits, OptOutList(spool: spool, tenant: tenant).contains(digits) else { return nil }
        return OrderProgress.optedOutReason
    }

    private func setAside(_ file: WaitingFile, _ id: OrderID, _ update: OrderUpdate, notMessaged reason: String,
                          now: Date) -> Verdict {
        end(file, id, update, in: .skipped, outcome: "not_messaged", reason: reason, now: now) { $0.notMessaged = reason }
    }

    /// Into a final state, the reason recorded first: a crash in between leaves it to be moved at the next look.
    private func end(_ file: WaitingFile, _ id: OrderID, _ update: OrderUpdate, in state: SpoolDirectory, outcome: String,
                     reason: String, now: Date, _ note: (inout OrderRecord) -> Void) -> Verdict {
        do {
            try update.update(id, in: file.directory, now: now) { record in
                note(&record)
                record.attempts.append(OrderRecord.Attempt(at: Timestamp.string(now), outcome: outcome, detail: reason))
            }
            try spool.move(file.name, tenant: file.tenant, from: file.directory, to: state)
            log.event(outcome.replacingOccurrences(of: "_", with: " "), tenant: file.tenant, order: id.rawValue,
                      ["from": file.directory.rawValue, "reason": reason])
            return .done
        } catch where error.isMissing {
            return .done
        } catch {
            return retry(file, id, error.description, now: now)
        }
    }

    private func quietHoursEnd(_ tenant: TenantID, now: Date) -> Date? {
        guard case .found(let config) = tenants.lookup(tenant), let quietHours = config.quietHours else { return nil }
        return quietHours.end(ifInside: now, timeZone: config.timeZone)
    }

    private func postpone(_ file: WaitingFile, _ id: OrderID, until due: Date, now: Date) -> Verdict {
        do {
            try spool.setModified(file.name, tenant: file.tenant, in: file.directory, to: due)
            log.event("quiet hours, due later", tenant: file.tenant, order: id.rawValue, ["due": Timestamp.string(due)])
            return .reschedule(due)
        } catch where error.isMissing {
            return .done
        } catch {
            return retry(file, id, error.description, now: now)
        }
    }

    private func setAside(_ file: WaitingFile, _ update: OrderUpdate, problem: String) -> Verdict {
        do {
            try update.setAside(file.name, from: file.directory, problem: problem)
        } catch where !error.isMissing {
            log.repeating("cannot set aside", tenant: file.tenant, ["file": file.name, "error": error.description])
        } catch {}
        return .done
    }

    private func retry(_ file: WaitingFile, _ id: OrderID, _ problem: String, now: Date) -> Verdict {
        log.repeating("cannot release, will retry", tenant: file.tenant, order: id.rawValue, ["error": problem])
        return .reschedule(now.addingTimeInterval(Self.retryAfterFailure))
    }
}
