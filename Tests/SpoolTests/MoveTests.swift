import Foundation
import Glibc
import Spool
import Testing
import TestSupport

/// Moves between state directories keep a durable name at every instant (`MoveBackup`), and what a power cut
/// leaves of one is put right by `InterruptedMove`. The power cut itself is tried in the power-loss tests.
@Suite struct MoveTests {
    let root: TemporaryRoot
    let spool: Spool
    let tenant = TenantID("shop")!

    init() throws {
        root = try TemporaryRoot()
        spool = Spool(root: root.spool)
        try spool.prepare(tenant)
    }

    @Test func aBatchMovesEveryFileAndLeavesNoBackup() throws {
        for id in 1...3 { try spool.deposit(Data("{}".utf8), tenant: tenant, into: .incoming, name: "\(id).json") }
        try spool.deposit(Data("{}".utf8), tenant: tenant, into: .ready, name: "2.json")
        let results = spool.moveAll((1...4).map { SpoolMove("\($0).json", tenant: tenant, from: .incoming, to: .ready) })
        #expect(results[0].isMoved && results[2].isMoved)
        #expect(results[1].error == .exists(path: spool.path(tenant, .ready, "2.json")))
        #expect(results[3].error?.isMissing == true)
        #expect(spool.list(tenant, .incoming).map(\.name) == ["2.json"])
        #expect(Set(spool.list(tenant, .ready).map(\.name)) == ["1.json", "2.json", "3.json"])
        #expect(spool.list(tenant, .tmp).isEmpty, "a backup outlived its move")
    }

    @Test func aBackupNamesItsMoveAndIsReadBack() throws {
        let name = backupName(madeAt: 17, from: .ready, to: .active, file: "4.2.json")
        let backup = try #require(MoveBackup(name: name))
        #expect(backup.madeAt == 17 && backup.source == .ready && backup.target == .active && backup.file == "4.2.json")
        #expect(!backup.moverIsRunning)
        #expect(MoveBackup(name: "123.abc.4.json") == nil)
        #expect(MoveBackup(name: "move.1.2.nowhere.ready.4.json") == nil)
    }

    @Test func aFileLeftOnlyInItsBackupGoesToTheNewestMovesTarget() throws {
        try spool.deposit(Data("order".utf8), tenant: tenant, into: .tmp, name: backupName(madeAt: 1, from: .incoming, to: .ready, file: "7.json"))
        try link(backupName(madeAt: 1, from: .incoming, to: .ready, file: "7.json"),
                 backupName(madeAt: 2, from: .ready, to: .active, file: "7.json"))
        let move = try #require(InterruptedMove.find(in: spool, tenant: tenant, includingRunning: false).first)
        #expect(move.foundIn.isEmpty && move.restoreTo == .active)
        try move.repair(in: spool)
        #expect(spool.state(of: OrderID("7")!, tenant: tenant) == .active)
        #expect(try spool.read("7.json", tenant: tenant, in: .active) == Data("order".utf8))
        #expect(spool.list(tenant, .tmp).isEmpty)
    }

    @Test func aFileInBothDirectoriesLosesItsSourceCopy() throws {
        try spool.deposit(Data("order".utf8), tenant: tenant, into: .sent, name: "8.json")
        try FileSystem.hardLink(spool.path(tenant, .sent, "8.json"), spool.path(tenant, .active, "8.json"))
        try FileSystem.hardLink(spool.path(tenant, .sent, "8.json"),
                                spool.path(tenant, .tmp, backupName(madeAt: 1, from: .active, to: .sent, file: "8.json")))
        let move = try #require(InterruptedMove.find(in: spool, tenant: tenant, includingRunning: false).first)
        #expect(move.foundIn == [.active, .sent] && move.drop == [.active] && move.restoreTo == nil)
        try move.repair(in: spool)
        #expect(spool.state(of: OrderID("8")!, tenant: tenant) == .sent && !spool.exists("8.json", tenant: tenant, in: .active))
    }

    @Test func aFileOnlyInItsSourceWasNeverMovedAndStays() throws {
        try spool.deposit(Data("order".utf8), tenant: tenant, into: .incoming, name: "9.json")
        try FileSystem.hardLink(spool.path(tenant, .incoming, "9.json"),
                                spool.path(tenant, .tmp, backupName(madeAt: 1, from: .incoming, to: .ready, file: "9.json")))
        let move = try #require(InterruptedMove.find(in: spool, tenant: tenant, includingRunning: false).first)
        #expect(move.drop.isEmpty && move.restoreTo == nil)
        try move.repair(in: spool)
        #expect(spool.state(of: OrderID("9")!, tenant: tenant) == .incoming && spool.list(tenant, .tmp).isEmpty)
    }

    @Test func theBackupOfARunningMoverIsLeftAloneUnlessNoDaemonRuns() throws {
        let name = [ "move.1", "\(getpid())", "incoming", "ready", "5.json"].joined(separator: ".")
        try spool.deposit(Data("order".utf8), tenant: tenant, into: .tmp, name: name)
        #expect(InterruptedMove.find(in: spool, tenant: tenant, includingRunning: false).isEmpty)
        #expect(InterruptedMove.find(in: spool, tenant: tenant, includingRunning: true).map(\.file) == ["5.json"])
    }

    /// A pid no process can have: `pid_max` is at most 2^22.
    private func backupName(madeAt: UInt64, from source: SpoolDirectory, to target: SpoolDirectory, file: String) -> String {
        ["move.\(madeAt)", "\(Int32.max)", source.rawValue, target.rawValue, file].joined(separator: ".")
    }

    private func link(_ existing: String, _ new: String) throws {
        try FileSystem.hardLink(spool.path(tenant, .tmp, existing), spool.path(tenant, .tmp, new))
    }
}

private enum FileSystem {
    static func hardLink(_ existing: String, _ new: String) throws {
        guard Glibc.link(existing, new) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    }
}

extension Result where Success == Void, Failure == SpoolError {
    var isMoved: Bool { error == nil }
    var error: SpoolError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
