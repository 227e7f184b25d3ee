import Foundation
import Spool

extension ShardMove {
    /// Where a move stands, from this host's map line and the move's record (`ShardMoveRecord`).
    enum Stage: Equatable {
        /// The line places the tenant here (marked moving or not): every step from the start. Those up to the flip
        /// are safe to run again (the mark, the wait, rsync with --delete, fsck --repair).
        case copy
        /// The line names the target already, flipped by this move at that time: publish, wait for the target's
        /// first webhook since then, remove the copy here.
        case finish(flipped: Date)
    }

    func stage() throws(ShardMoveError) -> Stage {
        let (tenant, here, to) = (plan.tenant, plan.here.name, plan.target.name)
        let map: ShardMap
        do { map = try ShardMap.load(etc: etc) } catch { throw ShardMoveError(error.description) }
        guard let line = map.tenants[tenant] else {
            // Another shard would take an unplaced tenant as its own the moment rsync creates its directory there.
            throw ShardMoveError("etc/\(ShardMap.tenantsFile) does not place \(tenant); add '\(tenant) \(here)' on every host first")
        }
        // A record is of an unfinished move while the line says moving here or names its target; once the line is
        // back to plain 'here' (undone, or moved back), it is of the past, and a new move writes its own.
        let unfinished = try ShardMoveRecord.load(etc: etc, tenant: tenant)
            .flatMap { record in (line.shard == here && line.moving) || line.shard == record.target ? record : nil }
        if let unfinished, unfinished.target != to {
            throw ShardMoveError(line.shard == here ? """
                a move of \(tenant) to \(unfinished.target) is unfinished: \(tenant) is marked moving here and may be partly \
                copied there. Finish it with 'wasp shard move \(tenant) --to \(unfinished.target)', or undo it: \
                'wasp shard forget \(tenant)' on \(unfinished.target), then put the line '\(tenant) \(here)' back in \
                etc/\(ShardMap.tenantsFile) here
                """ : """
                \(tenant) is placed on \(unfinished.target) by a move that is unfinished here. Finish it with \
                'wasp shard move \(tenant) --to \(unfinished.target)' (it publishes the map, waits for \(unfinished.target)'s \
                first webhook and removes the copy here); to bring \(tenant) back, then run 'wasp shard move \(tenant) --to \(here)' \
                on \(unfinished.target)
                """)
        }
        switch line.shard {
        case here:
            guard FileManager.default.fileExists(atPath: TenantConfig.path(etc: etc, tenant: tenant)) else {
                throw ShardMoveError("no tenant \(tenant) here")
            }
            return .copy
        case to:
            guard let flipped = unfinished?.flipped else {
                throw ShardMoveError("\(tenant) is placed on \(to) already, and no move of it is unfinished here; "
                                     + "'wasp shard forget \(tenant)' removes a copy left here")
            }
            return .finish(flipped: flipped)
        default:
            throw ShardMoveError("\(tenant) is placed on \(line.shard), not here; 'wasp shard forget \(tenant)' removes a copy left here")
        }
    }
}
