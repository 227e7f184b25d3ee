import Foundation
import Glibc
import Spool
import Testing
import TestSupport

@Suite struct FsckTests {
    let scratch: ScratchSpool
    var root: TemporaryRoot { scratch.root }
    var orders: OrderFiles { scratch.orders }

    init() throws {
        scratch = try ScratchSpool()
    }

    private func fsck(_ arguments: String...) throws -> Wasp.Outcome {
        try scratch.wasp(["fsck"] + arguments)
    }

    @Test func aSoundSpoolPasses() throws {
        try orders.add("1")
        try orders.add("2", in: .sent)
        let result = try fsck()
        #expect(result.status == 0 && result.output == "fsck: 0 problems\n")
    }

    /// A tenant file that does not parse is for a person: fsck does not send them to --repair, which cannot.
    @Test func whatOnlyAPersonCanFixIsNotSentToRepair() throws {
        try root.addTenant("broken", lines: ["this line is no setting"])
        chmod(root.path + "/etc/tenants/broken.conf", 0o600)
        let report = try fsck()
        #expect(report.status == 1)
        #expect(report.output.hasSuffix("fsck: 1 problem; only a person can fix them\n"), "\(report.output)")
        #expect(!report.output.contains("--repair"), "\(report.output)")
        try orders.add("102", in: .incoming)
        try orders.add("102", in: .sent)
        #expect(try fsck().output.hasSuffix("fsck: 2 problems; 'wasp fsck --repair' repairs 1; 1 only a person can fix\n"))
    }

    @Test func anOrderInTwoStatesKeepsTheMostAdvanced() throws {
        try orders.add("100", in: .incoming)
        try orders.add("100", in: .sent)
        try orders.add("101", in: .failed)
        try orders.add("101", in: .sent)
        let report = try fsck()
        #expect(report.status == 1)
        #expect(report.output.contains("shop: order 100 is in incoming/, sent/; repair keeps sent/, the most advanced"))
        #expect(orders.states(of: "100") == [.incoming, .sent])
        let repair = try fsck("--repair")
        #expect(repair.status == 0 && repair.output.contains("fsck: 2 of 2 problems repaired"))
        #expect(orders.states(of: "100") == [.sent] && orders.states(of: "101") == [.sent])
        #expect(try fsck().status == 0)
    }

    /// A reminder's move `sent/` → `ready/` cut by a power loss after `ready/` was fsynced, not `sent/`: the
    /// backup says which copy is the source, where the rule of the most advanced state would keep `sent/`.
    @Test func anInterruptedMoveKeepsItsTargetAndALostOneComesBack() throws {
        try orders.add("300", in: .sent)
        try orders.add("300", in: .ready)
        try linkBackup("300.json", of: .ready, named: "move.5.\(Int32.max).sent.ready.300.json")
        try orders.add("301", in: .ready)
        try linkBackup("301.json", of: .ready, named: "move.6.\(Int32.max).ready.active.301.json")
        try FileManager.default.removeItem(atPath: orders.spool.path(orders.tenant, .ready, "301.json"))
        let report = try fsck()
        #expect(report.status == 1)
        #expect(report.output.contains("shop: 300.json was moving (sent/ → ready/) when its mover stopped; it is in ready/, sent/; repair removes the copy in sent/"))
        #expect(report.output.contains("shop: 301.json was moving (ready/ → active/) when its mover stopped; it is nowhere but its backup in tmp/; repair puts it back in active/"))
        #expect(!report.output.contains("order 300 is in"), "the generic duplicate rule also fired")
        #expect(try fsck("--repair").status == 0)
        #expect(orders.states(of: "300") == [.ready] && orders.states(of: "301") == [.active])
        #expect(orders.names(.tmp).isEmpty)
        #expect(try fsck().status == 0)
    }

    private func linkBackup(_ name: String, of state: SpoolDirectory, named backup: String) throws {
        let spool = orders.spool
        #expect(link(spool.path(orders.tenant, state, name), spool.path(orders.tenant, .tmp, backup)) == 0)
    }

    @Test func unparseableFilesGoToCorruptAndFarFutureOrdersBecomeDue() throws {
        try orders.addRaw("{\"order_id\": ", name: "200.json", in: .deferred)
        try orders.addRaw("junk", name: "notes.txt", in: .sent)
        try orders.addRaw("{}", name: "00000000000000000001-orders-cancelled-x.json", in: .events)
        try orders.add("201", due: Timestamp.date("2100-01-01T00:00:00Z")!)
        let report = try fsck()
        #expect(report.status == 1)
        #expect(report.output.contains("shop: deferred/200.json does not parse"))
        #expect(report.output.contains("shop: sent/notes.txt does not parse (the name is not <order-id>.json)"))
        #expect(report.output.contains("shop: events/00000000000000000001-orders-cancelled-x.json does not parse (no event topic)"))
        #expect(report.output.contains("shop: incoming/201.json is due 2100-01-01T00:00:00Z, beyond max_age"))
        #expect(try fsck("--repair").status == 0)
        #expect(orders.names(.corrupt) == ["00000000000000000001-orders-cancelled-x.json", "200.json", "notes.txt"])
        #expect(orders.modified("201", in: .incoming)! <= Date())
        #expect(try fsck().status == 0)
    }

    @Test func tooOpenPermissionsAndMissingDirectoriesAreFixed() throws {
        try root.addTenant("shop", lines: ["shopify.secret = x"])
        chmod(root.path + "/etc/tenants/shop.conf", 0o644)
        chmod(orders.spool.path(orders.tenant, .chrome), 0o755)
        rmdir(orders.spool.path(orders.tenant, .exports))
        let report = try fsck()
        #expect(report.status == 1)
        #expect(report.output.contains("shop.conf: mode 644 is too open; repair sets 600"))
        #expect(report.output.contains("chrome: mode 755 is too open; repair sets 700"))
        #expect(report.output.contains("shop: exports/ is missing"))
        #expect(try fsck("--repair").status == 0)
        #expect(try fsck().status == 0)
    }
}
