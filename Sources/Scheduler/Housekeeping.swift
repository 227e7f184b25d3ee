import Foundation
import Spool

/// Removes what nobody will read again: `tmp/` files a crash left behind, the backups of moves whose mover was
/// killed after its rename, and duplicate markers older than any Shopify retry.
struct Housekeeping {
    /// Shopify retries a webhook for up to 48 hours; a marker twice that old guards nothing.
    static let staleMarker: TimeInterval = 4 * 86400

    let spool: Spool
    let log: Log

    func run(_ tenant: TenantID, now: Date) {
        let temporary = remove(in: .tmp, tenant: tenant) { now.timeIntervalSince($0.changed) > Spool.staleTemporaryAge }
        let markers = remove(in: .seen, tenant: tenant) { now.timeIntervalSince($0.modified) > Self.staleMarker }
        let backups = removeMoveBackups(tenant)
        if temporary + markers + backups > 0 {
            log.event("housekeeping", tenant: tenant, ["stale_tmp_removed": "\(temporary)", "old_markers_removed": "\(markers)",
                                                      "move_backups_removed": "\(backups)"])
        }
    }

    /// Without a power cut a rename is whole, so a dead mover's file is where it left it: only its backup goes.
    /// A file found nowhere (deleted since, or a power cut `wasp fsck` has not seen yet) keeps its backup.
    private func removeMoveBackups(_ tenant: TenantID) -> Int {
        let settled = InterruptedMove.find(in: spool, tenant: tenant, includingRunning: false).filter { !$0.foundIn.isEmpty }
        for move in settled {
            do { try move.removeBackups(in: spool) } catch where !error.isMissing {
                log.event("cannot remove a move's backup", tenant: tenant, ["file": move.file, "error": error.description])
            } catch {}
        }
        return settled.count
    }

    private func remove(in directory: SpoolDirectory, tenant: TenantID, where isStale: (SpoolEntry) -> Bool) -> Int {
        var removed = 0
        for entry in spool.list(tenant, directory) where isStale(entry) {
            do {
                try spool.remove(entry.name, tenant: tenant, from: directory)
                removed += 1
            } catch where !error.isMissing {
                log.event("cannot remove a stale file", tenant: tenant, ["error": error.description])
            } catch {}
        }
        return removed
    }
}
