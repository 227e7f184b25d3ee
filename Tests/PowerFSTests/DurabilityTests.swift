import Foundation
import Glibc
import Testing
import PowerFSControl
import TestSupport

/// POSIX's strict durability through the mount: what a power cut keeps and what it takes.
@Suite struct DurabilityTests {
    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aWriteWithoutFsyncIsLostOnRestore() throws {
        let disk = try PowerFS()
        let file = disk.mountpoint + "/order.json"
        try SystemCalls.write(file, "first", fsync: true)
        try SystemCalls.fsync(disk.mountpoint)
        try SystemCalls.write(file, "second, never fsynced", fsync: false)
        #expect(SystemCalls.read(file) == "second, never fsynced", "stat and read show current values")
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(file) == "first")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aFileFsyncWithoutADirectoryFsyncLosesTheName() throws {
        let disk = try PowerFS()
        try SystemCalls.write(disk.mountpoint + "/order.json", "kept?", fsync: true)
        try disk.cut()
        try disk.restore()
        #expect(!SystemCalls.exists(disk.mountpoint + "/order.json"))
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func fsyncOfTheFileAndItsDirectoryKeepsBoth() throws {
        let disk = try PowerFS()
        try SystemCalls.mkdir(disk.mountpoint + "/ready")
        try SystemCalls.fsync(disk.mountpoint)
        try SystemCalls.write(disk.mountpoint + "/ready/order.json", "kept", fsync: true)
        try SystemCalls.fsync(disk.mountpoint + "/ready")
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(disk.mountpoint + "/ready/order.json") == "kept")
        #expect(try SystemCalls.status(disk.mountpoint).st_nlink == 3, "a directory's link count counts its subdirectories")
        #expect(try disk.stats() == PowerFS.Stats(fsyncs: 3, cuts: 1, losses: 0, isPowerOn: true))
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aDurableNameWhoseFileWasNeverFsyncedComesBackEmpty() throws {
        let disk = try PowerFS()
        try SystemCalls.write(disk.mountpoint + "/order.json", "never fsynced", fsync: false)
        try SystemCalls.fsync(disk.mountpoint)
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(disk.mountpoint + "/order.json") == "")
        #expect(try SystemCalls.status(disk.mountpoint + "/order.json").st_mode & 0o777 == 0o644, "its mode came with it")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aDirectoryNeverMadeDurableInItsParentVanishesWithItsContents() throws {
        let disk = try PowerFS()
        try SystemCalls.mkdir(disk.mountpoint + "/tenant")
        try SystemCalls.write(disk.mountpoint + "/tenant/order.json", "inside", fsync: true)
        try SystemCalls.fsync(disk.mountpoint + "/tenant")
        try disk.cut()
        try disk.restore()
        #expect(!SystemCalls.exists(disk.mountpoint + "/tenant"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.mountpoint).isEmpty)
        #expect(try SystemCalls.status(disk.mountpoint).st_nlink == 2)
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func anUnlinkIsDurableOnlyAtTheDirectoryFsync() throws {
        let disk = try PowerFS()
        let file = disk.mountpoint + "/order.json"
        try SystemCalls.write(file, "durable", fsync: true)
        try SystemCalls.fsync(disk.mountpoint)
        try SystemCalls.unlink(file)
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(file) == "durable", "the unlink was never made durable")
        try SystemCalls.unlink(file)
        try SystemCalls.fsync(disk.mountpoint)
        try disk.cut()
        try disk.restore()
        #expect(!SystemCalls.exists(file))
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aHardLinkSharesTheInodeAndNeedsItsOwnDirectoryFsync() throws {
        let disk = try PowerFS()
        let (tmp, incoming) = (disk.mountpoint + "/tmp", disk.mountpoint + "/incoming")
        for directory in [tmp, incoming] { try SystemCalls.mkdir(directory) }
        try SystemCalls.fsync(disk.mountpoint)
        try SystemCalls.write(tmp + "/order.json", "linked", fsync: true)
        try SystemCalls.fsync(tmp)
        try SystemCalls.link(tmp + "/order.json", incoming + "/order.json")
        let (first, second) = (try SystemCalls.status(tmp + "/order.json"), try SystemCalls.status(incoming + "/order.json"))
        #expect(first.st_ino == second.st_ino)
        #expect(first.st_nlink == 2)
        try disk.cut()
        try disk.restore()
        #expect(!SystemCalls.exists(incoming + "/order.json"), "incoming/ was never fsynced")
        #expect(try SystemCalls.status(tmp + "/order.json").st_nlink == 1)
        try SystemCalls.link(tmp + "/order.json", incoming + "/order.json")
        try SystemCalls.fsync(incoming)
        try disk.cut()
        try disk.restore()
        #expect(SystemCalls.read(incoming + "/order.json") == "linked")
        #expect(try SystemCalls.status(incoming + "/order.json").st_ino == first.st_ino)
        #expect(try SystemCalls.status(tmp + "/order.json").st_nlink == 2)
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func anMtimeSetByUtimensatIsDurableAtTheFileFsync() throws {
        let disk = try PowerFS()
        let file = disk.mountpoint + "/deferred.json"
        try SystemCalls.write(file, "retry later", fsync: false)
        try SystemCalls.fsync(disk.mountpoint)
        let nextAttempt = Date(timeIntervalSince1970: 2_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: nextAttempt], ofItemAtPath: file)
        try SystemCalls.fsync(file)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)], ofItemAtPath: file)
        try disk.cut()
        try disk.restore()
        #expect(try SystemCalls.status(file).st_mtim.tv_sec == 2_000_000_000)
        #expect(SystemCalls.read(file) == "retry later")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aFewMegabytesSurviveTheirFsync() throws {
        let disk = try PowerFS()
        let file = disk.mountpoint + "/large"
        let contents = try #require(FileHandle(forReadingAtPath: "/dev/urandom")).readData(ofLength: 5 << 20)
        try contents.write(to: URL(fileURLWithPath: file))
        try SystemCalls.fsync(file)
        try SystemCalls.fsync(disk.mountpoint)
        try disk.cut()
        try disk.restore()
        #expect(FileManager.default.contents(atPath: file) == contents)
    }
}
