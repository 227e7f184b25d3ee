/// Watches the durable tree for orders of the wasp spool that a power loss would lose: an order that ever had
/// a durable name `<tenant>/<state>/<id>.json` and has, after some directory fsync, neither such a name in any
/// state directory of its tenant nor a backup `<tenant>/tmp/move.<ns>.<pid>.<source>.<target>.<id>.json`.
///
/// A tenant is the directory holding the state directories; it is named by its path when first seen.
final class LossDetector {
    /// The spool's state directories (SPEC.md, "Spool layout"); `tmp` holds the backups of moves.
    static let stateDirectories: Set<String> = [
        "incoming", "ready", "hold", "deferred", "active", "failed", "sent", "confirmed", "cancelled", "delivered", "corrupt",
    ]
    static let backupDirectory = "tmp"

    struct Loss {
        let tenant: String
        let order: String
        /// Which fsync (counting files and directories from 1) made the loss durable, and of which directory.
        let fsync: Int
        let directory: String

        var line: String { "tenant=\(tenant) order=\(order) fsync=\(fsync) directory=\(directory)" }
    }

    private(set) var losses: [Loss] = []
    /// Per tenant directory (inode number): orders that ever had a durable name in a state directory.
    private var everDurable: [UInt64: Set<String>] = [:]
    /// Orders lost now, so one loss is counted once however many fsyncs follow before the order returns.
    private var lost: [UInt64: Set<String>] = [:]

    /// Called after the fsync of `directory` (path `path`, name `name` in `tenant`) changed its durable names from
    /// `before` to its current `durableEntries`. Returns the losses this fsync caused.
    func check(_ directory: Inode, named name: String, path: String, in tenant: Inode, before: [String: Inode],
               fsync: Int) -> [Loss] {
        let isState = Self.stateDirectories.contains(name)
        guard isState || name == Self.backupDirectory else { return [] }
        let order = isState ? Self.order(inStateName:) : Self.order(inBackupName:)
        let after = directory.durableEntries
        for added in after.keys where before[added] == nil {
            guard let id = order(added) else { continue }
            if isState { everDurable[tenant.number, default: []].insert(id) }
            lost[tenant.number]?.remove(id)
        }
        let tenantPath = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        var found: [Loss] = []
        for removed in before.keys where after[removed] == nil {
            guard let id = order(removed), everDurable[tenant.number]?.contains(id) == true,
                  lost[tenant.number]?.contains(id) != true, !Self.isDurable(id, in: tenant) else { continue }
            lost[tenant.number, default: []].insert(id)
            found.append(Loss(tenant: tenantPath.isEmpty ? "/" : tenantPath, order: id, fsync: fsync, directory: path))
        }
        losses += found
        return found
    }

    private static func isDurable(_ order: String, in tenant: Inode) -> Bool {
        for state in stateDirectories where tenant.durableEntries[state]?.durableEntries[order + ".json"] != nil {
            return true
        }
        let backups = tenant.durableEntries[backupDirectory]?.durableEntries.keys
        return backups?.contains { Self.order(inBackupName: $0) == order } ?? false
    }

    /// `1001.json` → `1001`.
    static func order(inStateName name: String) -> String? {
        guard name.hasSuffix(".json"), name.count > 5 else { return nil }
        return String(name.dropLast(5))
    }

    /// `move.<ns>.<pid>.<source>.<target>.<id>.json` → `<id>`.
    static func order(inBackupName name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 7, parts.first == "move", parts.last == "json" else { return nil }
        return String(parts[parts.count - 2])
    }
}
