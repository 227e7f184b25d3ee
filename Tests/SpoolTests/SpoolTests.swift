import Foundation
import Spool
import Testing
import TestSupport

@Suite struct SpoolTests {
    let root: TemporaryRoot
    let spool: Spool
    let tenant = TenantID("shop")!

    init() throws {
        root = try TemporaryRoot()
        spool = Spool(root: root.spool)
        try spool.prepare(tenant)
    }

    @Test func prepareCreatesTheSpecLayoutWithAPrivateBrowserProfile() throws {
        for directory in SpoolDirectory.allCases {
            #expect(FileManager.default.fileExists(atPath: spool.path(tenant, directory)), "\(directory)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: spool.path(tenant, .chrome))
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func depositPlacesTheFileWithItsDueTimeAsMtime() throws {
        let due = Date(timeIntervalSince1970: 2_000_000_000)
        try spool.deposit(Data("{}".utf8), tenant: tenant, into: .incoming, name: "1.json", modified: due)
        let entries = spool.list(tenant, .incoming)
        #expect(entries.map(\.name) == ["1.json"])
        #expect(abs(entries[0].modified.timeIntervalSince(due)) < 0.001)
        #expect(spool.list(tenant, .tmp).isEmpty)
    }

    /// A due time computed from a hostile number used to trap in `Int(seconds)` on its way to utimensat(2).
    @Test func depositWithAnAbsurdDueTimeClampsItInsteadOfTrapping() throws {
        try spool.deposit(Data("{}".utf8), tenant: tenant, into: .incoming, name: "1.json",
                          modified: Date(timeIntervalSince1970: 1e300))
        #expect(spool.list(tenant, .incoming)[0].modified > Date(timeIntervalSince1970: 4_000_000_000))
    }

    /// The watcher's poll timeout is milliseconds in an Int32; a far deadline once trapped converting to Int first.
    @Test func waitingForAFarDeadlineDoesNotTrap() throws {
        let watcher = try SpoolWatcher(spool: spool, directories: [.incoming], interest: .arrivals)
        watcher.wake()
        #expect(watcher.wait(until: Date(timeIntervalSince1970: 1e300)).isEmpty)
    }

    @Test func depositNeverOverwrites() throws {
        try spool.deposit(Data("first".utf8), tenant: tenant, into: .incoming, name: "1.json")
        #expect(throws: SpoolError.exists(path: spool.path(tenant, .incoming, "1.json"))) {
            try spool.deposit(Data("second".utf8), tenant: tenant, into: .incoming, name: "1.json")
        }
        #expect(FileManager.default.contents(atPath: spool.path(tenant, .incoming, "1.json")) == Data("first".utf8))
        #expect(spool.list(tenant, .tmp).isEmpty)
    }

    @Test func moveChangesStateAndKeepsTheName() throws {
        let id = OrderID("42")!
        try spool.deposit(Data("{}".utf8), tenant: tenant, into: .incoming, name: id.fileName)
        #expect(spool.state(of: id, tenant: tenant) == .incoming)
        try spool.move(id.fileName, tenant: tenant, from: .incoming, to: .ready)
        #expect(spool.state(of: id, tenant: tenant) == .ready)
        #expect(spool.list(tenant, .incoming).isEmpty)
    }

    @Test func markIsTrueOnlyTheFirstTime() throws {
        #expect(try spool.mark("webhook-abc", tenant: tenant, in: .seen))
        #expect(try !spool.mark("webhook-abc", tenant: tenant, in: .seen))
    }

    @Test func tenantsListsOnlyValidDirectoryNames() throws {
        try FileManager.default.createDirectory(atPath: root.spool + "/Not-A-Tenant", withIntermediateDirectories: true)
        #expect(spool.tenants() == [tenant])
    }

    /// `wasp shard accepted` without markers: an order received since counts; one received before does not,
    /// though its file changed since (moved, or rewritten by the sender).
    @Test func anOrderReceivedSinceCountsAsAcceptedWithoutAMarker() throws {
        let orders = try OrderFiles(root: root, tenant: "shop")
        let since = Date()
        try orders.add("1", in: .ready, received: since.addingTimeInterval(-60))
        try orders.addRaw("", name: "webhook-old", in: .seen, modified: since.addingTimeInterval(-60))
        #expect(!spool.hasAccepted(tenant, since: since))
        try orders.add("2", received: since.addingTimeInterval(1))
        #expect(spool.hasAccepted(tenant, since: since))
    }
}

