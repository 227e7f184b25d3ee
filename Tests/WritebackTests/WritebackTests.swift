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

    private func writeTenant(cancel: Bool, access: [String]? = nil) throws {
        try root.addTenant("shop", lines: ["shopify.secret = s", "shopify.shop = shop.myshopify.com", "confirm.ask = yes",
                                           "shopify.base_url = \(shopify.baseURL)", "writeback.cancel = \(cancel ? "yes" : "no")"]
                                          + (access ?? ["shopify.admin_token_file = shopify/shop.token"]))
    }

    static let clientID = "3f1c5d0e9b2a"
    static let clientSecret = "shpss_0123456789abcdef"

    /// The tenant as a merchant with a Dev Dashboard app sets it up: client ID and a 0600 file holding the secret.
    private func writeDevDashboardTenant(extra: [String] = []) throws {
        let secretFile = root.path + "/etc/shopify/shop.secret"
        try (Self.clientSecret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        chmod(secretFile, 0o600)
        try writeTenant(cancel: false, access: ["shopify.client_id = \(Self.clientID)", "shopify.client_secret_file = shopify/shop.secret"]
                        + extra)
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
        // Shopify cancels in a job: until the order shows cancelledAt, the job stays, with Shopify's job recorded.
        #expect(eventually { jobs.count == 1 && (try? spool.read(name, tenant: Self.tenant, in: .writeback))
            .flatMap(WritebackJob.decode)?.cancelJob?.hasPrefix("gid://shopify/Job/") == true }, "\(log)")
        #expect(!shopify.order("8003").cancelled)
        #expect(eventually { shopify.order("8003").cancelled && jobs.isEmpty }, "\(log)")
        #expect(log.contains { $0.contains("Shopify cancels the order") && $0.contains("order=8003") }, "\(log)")
        // As if the daemon had died between Shopify's success and removing the job: the same job again.
        try place(.cancelled, order: "8003", cancel: true, at: Date().addingTimeInterval(1))
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(shopify.order("8003").cancels == 1, "an already cancelled order is not cancelled again")
        #expect(shopify.order("8003").tags == ["wasp-cancel-requested"])
        #expect(!name.isEmpty)
    }

    @Test func aCancelJobThatEndsWithoutCancellingIsKeptAsRefused() throws {
        shopify.cancelJobsFinishWithoutCancelling()
        try writeTenant(cancel: true)
        try start()
        let name = try place(.cancelled, order: "8009", cancel: true)
        #expect(eventually(timeout: 15) { jobs == [name + ".failed"] }, "\(log)")
        let job = try #require(WritebackJob.decode(try spool.read(name + ".failed", tenant: Self.tenant, in: .writeback)))
        #expect(job.problem?.contains("finished but the order is not cancelled") == true, "\(job)")
        #expect(shopify.order("8009").cancels == 1, "the cancel is asked for once")
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

    @Test func aDevDashboardAppsTokenIsMintedOnceAndRenewedBeforeItExpires() throws {
        shopify.installApp(clientID: Self.clientID, secret: Self.clientSecret, tokenLifetime: 3)
        try writeDevDashboardTenant()
        try start()
        try place(.confirmed, order: "8101")
        try place(.confirmed, order: "8102")
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(shopify.grants == 1, "one token for both jobs")
        Thread.sleep(forTimeInterval: 3)
        try place(.noAnswer, order: "8103")
        #expect(eventually { shopify.order("8103").tags == ["wasp-no-answer"] && jobs.isEmpty }, "\(log)")
        #expect(shopify.grants == 2 && shopify.refusedTokens == 0, "renewed before Shopify refused it: \(log)")
        #expect(!log.joined().contains(Self.clientSecret) && !log.joined().contains("shpat_"), "no secret in the log")
    }

    @Test func aMintedTokenShopifyRefusesIsRenewedOnceWithoutStoppingTheTenant() throws {
        shopify.installApp(clientID: Self.clientID, secret: Self.clientSecret)
        try writeDevDashboardTenant()
        try start()
        try place(.confirmed, order: "8104")
        #expect(eventually { jobs.isEmpty }, "\(log)")
        shopify.revokeMintedTokens()
        try place(.confirmed, order: "8105")
        #expect(eventually { shopify.order("8105").tags == ["wasp-confirmed"] && jobs.isEmpty }, "\(log)")
        #expect(shopify.grants == 2 && shopify.refusedTokens == 1)
        #expect(!log.contains { $0.contains("writeback stops") }, "\(log)")
    }

    @Test func aGrantShopifyRefusesStopsTheTenantSayingWhy() throws {
        shopify.installApp(clientID: Self.clientID, secret: "shpss_of_another_app")
        try writeDevDashboardTenant()
        try start()
        try place(.confirmed, order: "8106")
        #expect(eventually { log.contains { $0.contains("writeback stops until the token is fixed") } }, "\(log)")
        let line = try #require(log.first { $0.contains("writeback stops") })
        #expect(line.contains("refused the client-credentials grant for shopify.client_id \(Self.clientID)") && line.contains("invalid_client")
                && line.contains("own organization"), "\(line)")
        #expect(jobs.count == 1, "nothing is lost")
        shopify.installApp(clientID: Self.clientID, secret: Self.clientSecret)
        #expect(eventually(timeout: 25) { jobs.isEmpty }, "\(log)")
        #expect(log.filter { $0.contains("writeback stops") }.count == 1, "\(log)")
    }

    @Test func aDevDashboardTenantsWebhooksAreSubscribedAndOneShopifyDeletedIsMadeAgain() throws {
        shopify.installApp(clientID: Self.clientID, secret: Self.clientSecret)
        try writeDevDashboardTenant()
        try start()
        let topics = ["ORDERS_CREATE", "ORDERS_CANCELLED", "ORDERS_FULFILLED", "FULFILLMENTS_CREATE", "FULFILLMENTS_UPDATE",
                      "FULFILLMENT_EVENTS_CREATE", "APP_UNINSTALLED"]
        #expect(eventually { Set(shopify.subscriptions.keys) == Set(topics) }, "\(log)")
        #expect(shopify.subscriptions["ORDERS_CREATE"]?.hasSuffix("/webhooks/shop/orders/create") == true, "\(shopify.subscriptions)")
        #expect(shopify.subscriptions["APP_UNINSTALLED"]?.hasSuffix("/webhooks/shop/app/uninstalled") == true)
        #expect(eventually { log.filter { $0.contains("webhook subscription created") }.count == topics.count }, "\(log)")
        shopify.dropSubscription("ORDERS_CREATE")
        _ = daemon?.stop()
        try start()
        #expect(eventually { Set(shopify.subscriptions.keys) == Set(topics) }, "\(log)")
        #expect(eventually { log.contains { $0.contains("webhook subscription created") && $0.contains("topic=orders/create") } }, "\(log)")
        #expect(log.filter { $0.contains("webhook subscription created") }.count == 1, "only the missing one: \(log)")
    }

    @Test func theIntakesRequestHasTheSubscriptionsCheckedBeforeTheHour() throws {
        shopify.installApp(clientID: Self.clientID, secret: Self.clientSecret)
        try writeDevDashboardTenant()
        try start()
        #expect(eventually { shopify.subscriptions["ORDERS_CREATE"] != nil }, "\(log)")
        shopify.dropSubscription("ORDERS_CREATE")
        // The intake asks as reconciliation finds an order whose webhook never came.
        Thread.sleep(forTimeInterval: 1)
        try spool.requestSubscriptionCheck(Self.tenant)
        #expect(eventually(timeout: 15) { shopify.subscriptions["ORDERS_CREATE"] != nil }, "\(log)")
        #expect(eventually { log.filter { $0.contains("webhook subscription created") && $0.contains("topic=orders/create") }.count == 2 },
                "the line follows the creation: \(log)")
    }

    @Test func aTokenFileTenantsWebhooksAreLeftToTheShopAdmin() throws {
        try start()
        try place(.confirmed, order: "8114")
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(shopify.subscriptions.isEmpty)
    }

    @Test(arguments: [(402, "frozen"), (423, "locked")])
    func aFrozenOrLockedShopPausesTheTenantWithOneLineUntilItReopens(_ status: Int, _ word: String) throws {
        shopify.closeShop(status)
        try start()
        try place(.confirmed, order: "8107")
        try place(.confirmed, order: "8108")
        #expect(eventually { log.contains { $0.contains("writeback stops while the shop is closed") && $0.contains(word) } }, "\(log)")
        Thread.sleep(forTimeInterval: 1)
        #expect(jobs.count == 2, "no job is failed for a shop-wide condition")
        let job = try #require(WritebackJob.decode(try spool.read(jobs[0], tenant: Self.tenant, in: .writeback)))
        #expect(job.tries == 0 && job.problem == nil)
        shopify.reopen()
        #expect(eventually(timeout: 25) { jobs.isEmpty }, "\(log)")
        #expect(log.filter { $0.contains("writeback stops") }.count == 1, "\(log)")
    }

    @Test func aRetiredOrDeprecatedAPIVersionIsLoggedOncePerChangeNamingTheKey() throws {
        try writeTenant(cancel: false, access: ["shopify.admin_token_file = shopify/shop.token", "shopify.api_version = 2025-07"])
        try start()
        try place(.confirmed, order: "8109")
        try place(.confirmed, order: "8110")
        #expect(eventually { jobs.isEmpty }, "\(log)")
        let notices = log.filter { $0.contains("Shopify API version needs attention") }
        #expect(notices.count == 1, "\(log)")
        #expect(notices.first?.contains("requested=2025-07 served=2026-01") == true, "\(notices)")
        #expect(notices.first?.contains("set shopify.api_version = 2026-10 in etc/tenants/shop.conf") == true, "\(notices)")
        shopify.deprecate("orderCancel.refund: Use refundMethod instead")
        try place(.confirmed, order: "8111")
        try place(.confirmed, order: "8112")
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(log.filter { $0.contains("Shopify API version needs attention") }.count == 2, "\(log)")
        #expect(log.last { $0.contains("needs attention") }?.contains("Use refundMethod instead") == true, "\(log)")
    }

    @Test func theDefaultVersionIsServedWithoutANotice() throws {
        try start()
        try place(.confirmed, order: "8113")
        #expect(eventually { jobs.isEmpty }, "\(log)")
        #expect(!log.contains { $0.contains("API version") }, "\(log)")
    }

    @Test func anOrderShopifyDoesNotKnowIsKeptAsFailedWithTheReason() throws {
        shopify.forget("8007")
        try start()
        let name = try place(.confirmed, order: "8007")
        #expect(eventually { jobs == [name + ".failed"] }, "\(log)")
        let job = try #require(WritebackJob.decode(try spool.read(name + ".failed", tenant: Self.tenant, in: .writeback)))
        #expect(job.problem == "Shopify refused: Order does not exist")
        #expect(eventually { log.contains { $0.contains("writeback refused") } }, "\(log)")
        try spool.saveOrder(OrderRecord.sample(tenant: Self.tenant, id: "8007"), tenant: Self.tenant, in: .confirmed, modified: Date())
        let show = try Wasp.run(["show", "shop", "8007", "--root", root.path]).output
        #expect(show.contains("shopify   Shopify refused it (wasp-confirmed): Shopify refused: Order does not exist"), "\(show)")
    }
}
