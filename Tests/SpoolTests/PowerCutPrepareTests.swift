import Foundation
import PowerFSControl
import Spool
import Testing
import TestSupport

/// A tenant's directories on the power-loss file system: made once, they must outlive a power cut, or every order
/// accepted into them goes with them (as `wasp bench powerloss` found: the whole spool vanished at the first cut).
@Suite struct PowerCutPrepareTests {
    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func anOrderAcceptedIntoAFreshlyPreparedTenantSurvivesAPowerCut() throws {
        let disk = try PowerFS()
        let spool = Spool(root: disk.mountpoint + "/spool")
        let tenant = TenantID("shop")!
        try spool.prepare(tenant)
        try spool.deposit(Data("{}".utf8), tenant: tenant, into: .incoming, name: "7.json")
        try disk.cut()
        try disk.restore()
        #expect(spool.exists("7.json", tenant: tenant, in: .incoming))
        #expect(spool.isPrepared(tenant))
        #expect(try disk.stats().losses == 0)
    }
}
