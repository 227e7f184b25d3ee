import Foundation
import Glibc
import Testing
import PowerFSControl
import TestSupport

/// A rename between two directories is two changes, each durable at its own directory's fsync; within one
/// directory it is one change.
@Suite struct RenameTests {
    /// A tenant with its state directories and tmp/, all durable, and one durable order in ready/.
    private static func spoolWithAReadyOrder(_ disk: PowerFS) throws -> String {
        let tenant = disk.mountpoint + "/spool/shop"
        try SystemCalls.mkdir(disk.mountpoint + "/spool")
        try SystemCalls.mkdir(tenant)
        for state in ["tmp", "ready", "active", "sent"] { try SystemCalls.mkdir(tenant + "/" + state) }
        for directory in [disk.mountpoint, disk.mountpoint + "/spool", tenant] { try SystemCalls.fsync(directory) }
        try SystemCalls.write(tenant + "/ready/1001.json", "{\"id\":1001}", fsync: true)
        try SystemCalls.fsync(tenant + "/ready")
        return tenant
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func withOnlyTheTargetFsyncedTheFileIsInBothDirectories() throws {
        let disk = try PowerFS()
        let tenant = try Self.spoolWithAReadyOrder(disk)
        try SystemCalls.rename(tenant + "/ready/1001.json", tenant + "/active/1001.json")
        try SystemCalls.fsync(tenant + "/active")
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(tenant + "/ready/1001.json") == "{\"id\":1001}")
        #expect(SystemCalls.read(tenant + "/active/1001.json") == "{\"id\":1001}")
        #expect(try SystemCalls.status(tenant + "/ready/1001.json").st_nlink == 2, "one inode, two durable names")
        #expect(try disk.losses().isEmpty)
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func withOnlyTheSourceFsyncedTheFileIsInNeitherAndTheDetectorCountsIt() throws {
        let disk = try PowerFS()
        let tenant = try Self.spoolWithAReadyOrder(disk)
        try SystemCalls.rename(tenant + "/ready/1001.json", tenant + "/active/1001.json")
        try SystemCalls.fsync(tenant + "/ready")
        let fsyncs = try disk.stats().fsyncs
        #expect(try disk.losses() == [PowerFS.Loss(tenant: "/spool/shop", order: "1001", fsync: fsyncs, directory: "/spool/shop/ready")])
        #expect(disk.log.contains { $0.contains("powerfs: loss tenant=/spool/shop order=1001") })
        try disk.cut()
        try disk.restore()
        #expect(!SystemCalls.exists(tenant + "/ready/1001.json"))
        #expect(!SystemCalls.exists(tenant + "/active/1001.json"))
        #expect(try disk.stats().losses == 1)
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aDurableBackupInTmpKeepsTheOrderFoundThroughTheMove() throws {
        let disk = try PowerFS()
        let tenant = try Self.spoolWithAReadyOrder(disk)
        let backup = tenant + "/tmp/move.1733300000000000000.42.ready.active.1001.json"
        try SystemCalls.link(tenant + "/ready/1001.json", backup)
        try SystemCalls.fsync(tenant + "/tmp")
        try SystemCalls.rename(tenant + "/ready/1001.json", tenant + "/active/1001.json")
        try SystemCalls.fsync(tenant + "/ready")
        try SystemCalls.fsync(tenant + "/active")
        try SystemCalls.unlink(backup)
        try SystemCalls.fsync(tenant + "/tmp")
        #expect(try disk.losses().isEmpty, "a durable name at every instant")
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(tenant + "/active/1001.json") == "{\"id\":1001}")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aRenameWithinOneDirectoryIsDurableAtOnceAtItsFsync() throws {
        let disk = try PowerFS()
        let (old, new) = (disk.mountpoint + "/order.json.tmp", disk.mountpoint + "/order.json")
        try SystemCalls.write(old, "renamed", fsync: true)
        try SystemCalls.fsync(disk.mountpoint)
        try SystemCalls.rename(old, new)
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.exists(old) && !SystemCalls.exists(new), "before the fsync: the old name alone")
        try SystemCalls.rename(old, new)
        try SystemCalls.fsync(disk.mountpoint)
        try disk.cut()
        try disk.restore()
        #expect(!SystemCalls.exists(old) && SystemCalls.read(new) == "renamed", "after it: the new name alone")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func renameNoReplaceFailsWithEEXISTAndTouchesNeitherFile() throws {
        let disk = try PowerFS()
        let (source, target) = (disk.mountpoint + "/a.json", disk.mountpoint + "/b.json")
        try SystemCalls.write(source, "a", fsync: false)
        try SystemCalls.write(target, "b", fsync: false)
        #expect(throws: SystemCallError(call: "renameat2(RENAME_NOREPLACE)", path: source, code: EEXIST)) {
            try SystemCalls.renameNoReplace(source, target)
        }
        #expect(SystemCalls.read(source) == "a" && SystemCalls.read(target) == "b")
        try SystemCalls.unlink(target)
        try SystemCalls.renameNoReplace(source, target)
        #expect(SystemCalls.read(target) == "a" && !SystemCalls.exists(source))
    }
}
