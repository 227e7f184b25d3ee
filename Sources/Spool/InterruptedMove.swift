/// What a power cut or a killed mover left of the moves of one file: its backups in `tmp/` (`MoveBackup`) and the
/// directories that hold it now. A rename between directories becomes durable one directory at a time, so after
/// a power cut the file can be in both directories, or in neither but its backup.
public struct InterruptedMove: Sendable {
    public let tenant: TenantID
    public let file: String
    public let backups: [MoveBackup]
    /// The directories that hold the file now, in `SpoolDirectory.orderStates` order.
    public let foundIn: [SpoolDirectory]

    /// Where the file goes back when it is nowhere: the target of its newest move, the furthest it got.
    public var restoreTo: SpoolDirectory? {
        foundIn.isEmpty ? newest.target : nil
    }

    /// The copies to remove: those in a source of its moves, when a copy outside every source shows the rename
    /// happened. A file only in a source was never renamed, and stays.
    public var drop: [SpoolDirectory] {
        let sources = Set(backups.map(\.source))
        guard foundIn.contains(where: { !sources.contains($0) }) else { return [] }
        return foundIn.filter { sources.contains($0) }
    }

    private var newest: MoveBackup {
        backups.max { $0.madeAt < $1.madeAt }!
    }

    /// The interrupted moves of a tenant, one per file; `includingRunning` counts the backups of movers that
    /// still run (or of processes that reuse their pid), as at a start when no daemon of this spool runs.
    public static func find(in spool: Spool, tenant: TenantID, includingRunning: Bool) -> [InterruptedMove] {
        var backupsOf: [String: [MoveBackup]] = [:]
        for entry in spool.list(tenant, .tmp) {
            guard let backup = MoveBackup(name: entry.name), includingRunning || !backup.moverIsRunning else { continue }
            backupsOf[backup.file, default: []].append(backup)
        }
        return backupsOf.keys.sorted().map { file in
            let backups = backupsOf[file]!
            let places = SpoolDirectory.orderStates + [.corrupt] + backups.flatMap { [$0.source, $0.target] }
            var foundIn: [SpoolDirectory] = []
            for place in places where !foundIn.contains(place) && spool.exists(file, tenant: tenant, in: place) {
                foundIn.append(place)
            }
            return InterruptedMove(tenant: tenant, file: file, backups: backups, foundIn: foundIn)
        }
    }

    /// Puts the file back where it belongs (`restoreTo`, `drop`), then removes its backups.
    public func repair(in spool: Spool) throws(SpoolError) {
        if let target = restoreTo {
            try FileSystem.link(spool.path(tenant, .tmp, newest.name), spool.path(tenant, target, file))
            try spool.syncDirectory(tenant, target)
        }
        for state in drop { try spool.remove(file, tenant: tenant, from: state) }
        try removeBackups(in: spool)
    }

    /// Removes the backups alone: what is left of a move whose file is where its mover put it.
    public func removeBackups(in spool: Spool) throws(SpoolError) {
        for backup in backups { try spool.remove(backup.name, tenant: tenant, from: .tmp) }
    }
}
