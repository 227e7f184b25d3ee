import Glibc

/// One file to move from one directory of a tenant to another (or to another name in the same directory).
public struct SpoolMove: Sendable, Equatable {
    public let tenant: TenantID
    public let name: String
    public let source: SpoolDirectory
    public let target: SpoolDirectory
    /// The name in the target; the same name when nil.
    public let newName: String?

    public init(_ name: String, tenant: TenantID, from source: SpoolDirectory, to target: SpoolDirectory,
                as newName: String? = nil) {
        self.tenant = tenant
        self.name = name
        self.source = source
        self.target = target
        self.newName = newName
    }

    var targetName: String { newName ?? name }
}

extension Spool {
    /// Moves a file between two directories of one tenant (`.exists` rather than replace a file of that name; a
    /// file that is gone fails with ENOENT: someone moved it first). When it returns, the file's new name is
    /// durable and its old one durably gone; at no instant before is it without a durable name (`MoveBackup`).
    public func move(_ name: String, tenant: TenantID, from source: SpoolDirectory, to target: SpoolDirectory,
                     as newName: String? = nil) throws(SpoolError) {
        try moveAll([SpoolMove(name, tenant: tenant, from: source, to: target, as: newName)])[0].get()
    }

    /// Moves many files with one fsync per directory for the whole batch: each file is linked into `tmp/` as its
    /// backup, `tmp/` fsynced, the file renamed (the rename alone decides who moved it, as a claim must), then
    /// every target and source directory fsynced, targets first (in the order of the batch, never a `Set`'s), and only
    /// then the backups unlinked. A result per move, in order. When a directory fsync after the renames fails, the
    /// moves it touches fail and keep their backups, their durable names, for `wasp fsck`.
    public func moveAll(_ moves: [SpoolMove]) -> [Result<Void, SpoolError>] {
        var results = [Result<Void, SpoolError>](repeating: .success(()), count: moves.count)
        var backups: [Int: String] = [:]
        for (index, move) in moves.enumerated() where move.source != move.target {
            let backup = path(move.tenant, .tmp, MoveBackup(source: move.source, target: move.target, file: move.targetName).name)
            do {
                try FileSystem.link(path(move.tenant, move.source, move.name), backup)
                backups[index] = backup
            } catch .system(_, _, EPERM) {
                // A file from before spool files were group-writable, of another daemon's user: `protected_hardlinks`
                // refuses the link. It moves as it always did, by the rename alone.
            } catch {
                results[index] = .failure(error)
            }
        }
        for tenant in Set(backups.keys.map { moves[$0].tenant }) {
            do { try directorySyncs.sync(path(tenant, .tmp)) } catch {
                for (index, backup) in backups where moves[index].tenant == tenant {
                    results[index] = .failure(error)
                    unlink(backup)
                    backups[index] = nil
                }
            }
        }
        for (index, move) in moves.enumerated() where results[index].isSuccess {
            do {
                try FileSystem.renameNoReplace(path(move.tenant, move.source, move.name),
                                               path(move.tenant, move.target, move.targetName))
            } catch {
                results[index] = .failure(error)
            }
        }
        for (index, backup) in backups where !results[index].isSuccess {
            unlink(backup)
            backups[index] = nil
        }
        let moved = moves.indices.filter { results[$0].isSuccess }
        let targets = moved.map { TenantDirectory(moves[$0].tenant, moves[$0].target) }
        let sources = moved.map { TenantDirectory(moves[$0].tenant, moves[$0].source) }
        var synced = Set<TenantDirectory>()
        for directory in targets + sources where synced.insert(directory).inserted {
            do { try directorySyncs.sync(path(directory.tenant, directory.directory)) } catch {
                for index in moved where directory.touches(moves[index]) { results[index] = .failure(error) }
            }
        }
        for (index, backup) in backups where results[index].isSuccess { unlink(backup) }
        return results
    }
}

/// A directory of one tenant, as a set member for the fsyncs of a batch.
struct TenantDirectory: Hashable {
    let tenant: TenantID
    let directory: SpoolDirectory

    init(_ tenant: TenantID, _ directory: SpoolDirectory) {
        self.tenant = tenant
        self.directory = directory
    }

    func touches(_ move: SpoolMove) -> Bool {
        tenant == move.tenant && [move.source, move.target].contains(directory)
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
