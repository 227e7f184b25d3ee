import Foundation
import Spool

/// Rewrites one order file in place. A waiting order keeps its mtime, which is its due time; any other takes now,
/// so `wasp status` ages it from the change. A file that does not parse is set aside in `corrupt/`.
struct OrderUpdate {
    let spool: Spool
    let tenant: TenantID
    let log: Log

    static let waitingStates: Set<SpoolDirectory> = [.incoming, .deferred, .hold]

    func update(_ id: OrderID, in state: SpoolDirectory, now: Date,
                _ change: (inout OrderRecord) -> Void) throws(SpoolError) {
        var record: OrderRecord
        do {
            record = try spool.loadOrder(id, tenant: tenant, in: state)
        } catch {
            switch error {
            case .spool(let failure): throw failure
            case .malformed: try setAside(id.fileName, from: state, problem: error.description)
            }
            return
        }
        change(&record)
        let modified = Self.waitingStates.contains(state)
            ? spool.entry(id.fileName, tenant: tenant, in: state)?.modified ?? now : now
        try spool.saveOrder(record, tenant: tenant, in: state, modified: modified)
    }

    func setAside(_ name: String, from state: SpoolDirectory, problem: String) throws(SpoolError) {
        let kept = try spool.setAside(name, tenant: tenant, from: state)
        log.event("set aside in corrupt/", tenant: tenant, order: OrderID(fileName: name)?.rawValue,
                  ["file": "\(state.rawValue)/\(name)", "kept_as": kept, "problem": problem])
    }
}
