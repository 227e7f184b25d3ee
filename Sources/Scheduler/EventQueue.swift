import Foundation
import Spool

/// A tenant's `events/`, applied in arrival order (the file names sort by arrival). An event that must wait keeps
/// every later event about the same order waiting behind it; it is dropped once older than `max_age`.
struct EventQueue {
    let spool: Spool
    let tenant: TenantID
    let maxAge: TimeInterval
    let log: Log
    let tenants: TenantConfigs
    var alert: AlertCommand? = nil
    /// Event files already parsed and found waiting, so a retry neither re-reads them nor logs them again.
    var waiting: [String: ShopifyEvent] = [:]

    /// Applies what can be applied; what must wait stays in `waiting`.
    mutating func apply(now: Date) {
        let names = spool.list(tenant, .events).map(\.name).sorted()
        let present = Set(names)
        waiting = waiting.filter { present.contains($0.key) }
        var blocked: Set<OrderID> = []
        for name in names {
            guard let event = event(named: name) else { continue }
            if let order = event.order, blocked.contains(order) { continue }
            var applier = EventApplier(spool: spool, tenant: tenant, log: log, now: now)
            applier.alert = alert
            if case .found(let config) = tenants.lookup(tenant) { (applier.confirm, applier.writeback) = (config.confirm, config.writeback) }
            switch applier.apply(event) {
            case .applied(let note):
                finish(name, event, "event applied", note)
            case .waiting(let reason) where now.timeIntervalSince(event.receivedAt) > maxAge:
                finish(name, event, "event dropped after max_age", reason)
            case .waiting(let reason):
                if waiting.updateValue(event, forKey: name) == nil {
                    log.event("event waits", tenant: tenant, order: event.order?.rawValue,
                              ["topic": event.topic, "reason": reason])
                }
                if let order = event.order { blocked.insert(order) }
            }
        }
    }

    private func event(named name: String) -> ShopifyEvent? {
        if let event = waiting[name] { return event }
        let update = OrderUpdate(spool: spool, tenant: tenant, log: log)
        do {
            switch ShopifyEvent.parse(try spool.read(name, tenant: tenant, in: .events)) {
            case .success(let event): return event
            case .failure(let problem): try update.setAside(name, from: .events, problem: problem.description)
            }
        } catch where !error.isMissing {
            log.repeating("cannot read an event", tenant: tenant, ["file": name, "error": error.description])
        } catch {}
        return nil
    }

    private mutating func finish(_ name: String, _ event: ShopifyEvent, _ message: String, _ note: String) {
        waiting[name] = nil
        do {
            try spool.remove(name, tenant: tenant, from: .events)
        } catch where !error.isMissing {
            log.repeating("cannot remove an applied event", tenant: tenant, ["file": name, "error": error.description])
        } catch {}
        log.event(message, tenant: tenant, order: event.order?.rawValue, ["topic": event.topic, "result": note])
    }
}
