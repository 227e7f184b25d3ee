import Foundation
import Glibc
import Testing
import PowerFSControl
import TestSupport

/// Cuts armed ahead of time: the moment they fire, and the dead disk after.
@Suite struct PowerCutTests {
    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aCutBeforeTheThirdFsyncFailsItAndEveryOperationAfter() throws {
        let disk = try PowerFS()
        #expect(try disk.armCut(beforeFsync: 3) == 3)
        try SystemCalls.write(disk.mountpoint + "/one.json", "1", fsync: true)
        try SystemCalls.fsync(disk.mountpoint)
        #expect(throws: SystemCallError(call: "fsync", path: disk.mountpoint + "/two.json", code: EIO)) {
            try SystemCalls.write(disk.mountpoint + "/two.json", "2", fsync: true)
        }
        #expect(throws: SystemCallError(call: "stat", path: disk.mountpoint + "/one.json", code: EIO)) {
            try SystemCalls.status(disk.mountpoint + "/one.json")
        }
        #expect(throws: SystemCallError(call: "mkdir", path: disk.mountpoint + "/later", code: EIO)) {
            try SystemCalls.mkdir(disk.mountpoint + "/later")
        }
        #expect(try disk.stats() == PowerFS.Stats(fsyncs: 2, cuts: 1, losses: 0, isPowerOn: false))
        try disk.restore()
        #expect(SystemCalls.read(disk.mountpoint + "/one.json") == "1")
        #expect(!SystemCalls.exists(disk.mountpoint + "/two.json"))
        #expect(try disk.stats().isPowerOn)
        #expect(disk.log.contains("powerfs: cut reason=before-fsync=3 fsyncs=2 cuts=1"))
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aCutOnLossStopsAtTheFsyncThatLosesAnOrder() throws {
        let disk = try PowerFS()
        let tenant = disk.mountpoint + "/shop"
        try SystemCalls.mkdir(tenant)
        for state in ["incoming", "ready"] { try SystemCalls.mkdir(tenant + "/" + state) }
        try SystemCalls.fsync(disk.mountpoint)
        try SystemCalls.fsync(tenant)
        try SystemCalls.write(tenant + "/incoming/7.json", "{}", fsync: true)
        try SystemCalls.fsync(tenant + "/incoming")
        try disk.armCutOnLoss()
        try SystemCalls.rename(tenant + "/incoming/7.json", tenant + "/ready/7.json")
        #expect(throws: SystemCallError(call: "fsync", path: tenant + "/incoming", code: EIO)) {
            try SystemCalls.fsync(tenant + "/incoming")
        }
        #expect(try disk.stats() == PowerFS.Stats(fsyncs: 5, cuts: 1, losses: 1, isPowerOn: false))
        #expect(try disk.losses().map(\.order) == ["7"])
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aDescriptorOpenedBeforeTheCutStaysDeadAfterTheRestore() throws {
        let disk = try PowerFS()
        let path = disk.mountpoint + "/open.json"
        let file = open(path, O_RDWR | O_CREAT, 0o644)
        #expect(file >= 0)
        defer { close(file) }
        try SystemCalls.fsync(disk.mountpoint)
        try disk.cut()
        try disk.restore()
        #expect(Glibc.write(file, "x", 1) == -1 && errno == EIO, "a process that lived through the cut sees a dead disk")
        #expect(SystemCalls.read(path) == "")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func aProcessWorkingInTheMountIsFoundToBeKilledBeforeTheRestore() throws {
        let disk = try PowerFS()
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/bin/sleep")
        daemon.arguments = ["30"]
        daemon.currentDirectoryURL = URL(fileURLWithPath: disk.mountpoint)
        try daemon.run()
        defer { kill(daemon.processIdentifier, SIGKILL) }
        #expect(disk.processesUsingMount() == [daemon.processIdentifier])
        try disk.cut()
        // SIGKILL, as power loss gives no process time to clean up.
        kill(daemon.processIdentifier, SIGKILL)
        daemon.waitUntilExit()
        #expect(disk.processesUsingMount().isEmpty)
        try disk.restore()
    }
}
