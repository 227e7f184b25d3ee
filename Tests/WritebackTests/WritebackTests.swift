import Foundation
import Glibc
import ShopifyStandIn
import Spool
import Supervisor
import Testing
import TestSupport

/// The real `wasp writeback` against the Shopify Admin API stand-in, with jobs placed in `writeback/` as the
/// scheduler places them.
@Suite final class WritebackTests {
    static let token = "shpat_0123456789abcdef"
    static let tenant = TenantID("shop")!
    let root: TemporaryRoot
    let shopify: ShopifyAdminStandIn
    var daemon: DaemonProcess?
    let spool: Spool

    init() throws {
        shopify = try ShopifyAdminStandIn(token: Self.token)
        root = try TemporaryRoot()
        spool = Spool(root: root.spool)
        try spool.prepare(Self.tenant)
        try writeTenant(cancel: false)
        try FileManager.default.createDirectory(atPath: root.path + "/etc/shopify", withIntermediateDirectories: true)
        try (Self.token + "\n").write(toFile: root.path + "/etc/shopify/shop.token", atomically: true, encoding: .utf8)
        chmod(root.path + "/etc/shopify/shop.token", 0o600)
    }

    deinit {
        _ = daemon?.stop()
        shopify.stop()
    }

    private func writeTenant(cancel: Bool) throws {
        try root.addTenant("shop", lines: ["shopify.secret = s", "shopify.shop = shop.myshopify.com", "confirm.ask = yes",
                                           "shopify.admin_token_file = shopify/shop.token", "shopify.admin_url = \(shopify.url)",
                                           "writeback.cancel = \(cancel ? "yes" : "no")"])
    }

    private func start() throws {
        daemon = try Wasp.start("writeback", root: root, readyWhen: " running")
    }

    private var log: [String] { daemon?.log ?? [] }

    @discardableResult
    private func place(_ outcome: WritebackSettings.Outcome, order: String, cancel: Bool = false,
                       at: Date = Date()) throws -> String {
        var settings = WritebackSettings()
        settings.cancel = cancel
        let job = WritebackJob.forAnswer(outcome, orderID: order, settings: settings, at: at)
        try spool.deposit(job.encoded(), tenant: Self.tenant, into: .writeback, name: job.fileName)
        return job.fileName
    }

    private var jobs: [String] { spool.list(Self.tenant, .writeback).map(\.name).sorted() }

    @Test func aConfirmationBecomesATagAndItsJobGoes() throws {
        try start()
        try place(.confirmed, order: "8001")
        #expect(eventually { shopify.order("8001").tags == ["wasp-confirmed"] && jobs.isEmpty }, "\(log)")
        #expect(!shopify.order("8001").cancelled)
        #expect(eventually { log.contains { $0.contains("written back") && $0.contains("order=8001") } }, "\(log)")
    }

    @Test func aChangeOfMindLeavesOnlyTheLatestTag() throws {
        try place(.cancelled, order: "8002", at: Date().addingTimeInterval(-60))
        try place(.confirmed, order: "8002")
        try start()
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(shopify.order("8002").tags == ["wasp-confirmed"], "applied oldest first")
    }

    @Test func aCustomersCancelCancelsTheOrderOnceEvenWhenTheJobRunsAgain() throws {
        try writeTenant(cancel: true)
        try start()
        let name = try place(.cancelled, order: "8003", cancel: true)
        #expect(eventually { shopify.order("8003").cancelled && jobs.isEmpty }, "\(log)")
        // As if the daemon had died between Shopify's success and removing the job: the same job again.
        try place(.cancelled, order: "8003", cancel: true, at: Date().addingTimeInterval(1))
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(shopify.order("8003").cancels == 1, "an already cancelled order is not cancelled again")
        #expect(shopify.order("8003").tags == ["wasp-cancel-requested"])
        #expect(!name.isEmpty)
    }

    @Test func throttlingAndServerErrorsWaitAndThenGoThrough() throws {
        shopify.troubleNext(.throttled, .status(503, retryAfter: 1))
        try start()
        try place(.noAnswer, order: "8004")
        #expect(eventually(timeout: 15) { shopify.order("8004").tags == ["wasp-no-answer"] && jobs.isEmpty }, "\(log)")
        #expect(log.contains { $0.contains("writeback waits") && $0.contains("THROTTLED") }, "\(log)")
        #expect(log.contains { $0.contains("writeback waits") && $0.contains("HTTP 503") && $0.contains("retry_in=1s") }, "\(log)")
    }

    @Test func aRevokedTokenStopsTheTenantWithOneLineUntilItIsFixed() throws {
        shopify.revokeToken()
        try start()
        try place(.confirmed, order: "8005")
        try place(.confirmed, order: "8006")
        #expect(eventually { log.contains { $0.contains("writeback stops until the token is fixed") } }, "\(log)")
        Thread.sleep(forTimeInterval: 1)
        #expect(jobs.count == 2, "nothing is lost")
        #expect(log.filter { $0.contains("writeback stops") }.count == 1, "\(log)")
        shopify.acceptToken(Self.token)
        #expect(eventually(timeout: 25) { jobs.isEmpty }, "\(log)")
        #expect(shopify.order("8005").tags == ["wasp-confirmed"] && shopify.order("8006").tags == ["wasp-confirmed"])
        #expect(log.filter { $0.contains("writeback stops") }.count == 1, "one line for the whole outage: \(log)")
    }

    @Test func anOrderShopifyDoesNotKnowIsKeptAsFailedWithTheReason() throws {
        shopify.forget("8007")
        try start()
        let name = try place(.confirmed, order: "8007")
        #expect(eventually { jobs == [name + ".failed"] }, "\(log)")
        let job = try #require(WritebackJob.decode(try spool.read(name + ".failed", tenant: Self.tenant, in: .writeback)))
        #expect(job.problem == "Shopify refused: Order does not exist")
        #expect(log.contains { $0.contains("writeback refused") })
        try spool.saveOrder(OrderRecord.sample(tenant: Self.tenant, id: "8007"), tenant: Self.tenant, in: .confirmed, modified: Date())
        let show = try Wasp.run(["show", "shop", "8007", "--root", root.path]).output
        #expect(show.contains("shopify   Shopify refused it (wasp-confirmed): Shopify refused: Order does not exist"), "\(show)")
    }
}
