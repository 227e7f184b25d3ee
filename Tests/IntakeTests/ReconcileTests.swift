import Foundation
import Glibc
import Shopify
import ShopifyStandIn
import Spool
import Synchronization
import Testing
import TestSupport

/// The real `wasp intake` reconciling against the Shopify stand-in: orders whose webhook Shopify never delivered
/// are pulled with the Admin API's `orders` query and stored once, as the webhook would have stored them.
@Suite final class ReconcileTests {
    static let token = "shpat_reconcile0123456789"
    let shopify: ShopifyAdminStandIn
    let harness: IntakeHarness

    init() throws {
        // Pages of two, so three orders take two pages.
        shopify = try ShopifyAdminStandIn(token: Self.token, ordersPageLimit: 2)
        harness = try IntakeHarness(tenantLines: ["delay = 1h", "shopify.admin_token_file = shopify/shop.token",
                                                  "shopify.base_url = \(shopify.baseURL)", "shopify.reconcile = 1s"])
        try harness.root.addSecret(Self.token, at: "shopify/shop.token")
    }

    deinit {
        shopify.stop()
    }

    private var log: [String] { harness.intake.log }

    private func waitForTheFirstPass() {
        #expect(eventually { log.contains { $0.contains("reconciliation starts") } }, "\(log)")
    }

    @Test func ordersWhoseWebhookShopifyDroppedAreStoredOnceFromReconciliation() throws {
        waitForTheFirstPass()
        for (id, number) in [("9001", 1901), ("9002", 1902), ("9003", 1903)] {
            shopify.place(.init(id: id, number: number))
        }
        #expect(eventually { harness.files(.incoming) == ["9001.json", "9002.json", "9003.json"] }, "\(log)")
        let record = try harness.order("9001")
        #expect(record.source == "reconcile" && record.webhookID == nil)
        #expect(record.phone.e164 == "+15024592181" && record.name == "#1901", "\(record)")
        #expect(shopify.orderPages >= 2, "the second page was asked for")
        Thread.sleep(forTimeInterval: 3)
        #expect(harness.files(.incoming).count == 3, "later passes store nothing again")
        #expect(log.filter { $0.contains(" accepted") && $0.contains("source=reconcile") }.count == 3, "\(log)")
        #expect(Set(harness.spool.feedCondition(harness.tenant).missed) == ["9001", "9002", "9003"])
        #expect(harness.spool.feedAlert(harness.tenant)?.contains("did not bring 3 order(s) that reconciliation found") == true)
        #expect(harness.spool.subscriptionCheckRequested(harness.tenant) != nil, "the writeback is asked to re-check the subscriptions")

        // The next webhook shows the feed works again: the alert clears, having been said once.
        #expect(try harness.poster.post(SampleOrder.body(id: 9100, number: 1999), path: "/webhooks/shop/orders/create").status == 200)
        #expect(eventually { harness.spool.feedAlert(harness.tenant) == nil }, "\(log)")
        #expect(log.filter { $0.contains("Shopify feed needs attention") }.count == 1, "\(log)")
        #expect(eventually { log.filter { $0.contains("Shopify feed is back") }.count == 1 }, "\(log)")
    }

    @Test func aWebhookAndReconciliationFindingTheSameOrderMakeOneOrderFile() throws {
        waitForTheFirstPass()
        // The webhook first, then reconciliation finds the order in the shop.
        shopify.place(.init(id: "9011", number: 1911))
        let hooked = try harness.poster.post(SampleOrder.body(id: 9011, number: 1911), path: "/webhooks/shop/orders/create")
        #expect(hooked.status == 200 && String(decoding: hooked.body, as: UTF8.self) == "accepted\n")
        // Reconciliation first, then the webhook comes late.
        shopify.place(.init(id: "9012", number: 1912))
        #expect(eventually { harness.files(.incoming) == ["9011.json", "9012.json"] }, "\(log)")
        let late = try harness.poster.post(SampleOrder.body(id: 9012, number: 1912), path: "/webhooks/shop/orders/create")
        #expect(late.status == 200 && String(decoding: late.body, as: UTF8.self).contains("duplicate"))
        Thread.sleep(forTimeInterval: 2.5)
        #expect(harness.files(.incoming) == ["9011.json", "9012.json"], "\(log)")

        let fromWebhook = try harness.order("9011"), fromShopify = try harness.order("9012")
        #expect(fromWebhook.source == nil && fromShopify.source == "reconcile")
        // The same order file, whichever way the order came.
        #expect(fromShopify.message == fromWebhook.message.replacingOccurrences(of: "#1911", with: "#1912"), "\(fromShopify.message)")
        #expect(fromShopify.phone == fromWebhook.phone && fromShopify.lineItems == fromWebhook.lineItems)
        #expect(fromShopify.customer.name == fromWebhook.customer.name && fromShopify.country == fromWebhook.country)
        #expect(fromShopify.totalPrice == fromWebhook.totalPrice && fromShopify.currency == fromWebhook.currency)
        #expect(fromShopify.deliverySlot == fromWebhook.deliverySlot && fromShopify.gateway == fromWebhook.gateway)
    }

    @Test func webhooksRacingReconciliationStillMakeOneOrderEach() throws {
        waitForTheFirstPass()
        let ids = (9041...9056).map { UInt64($0) }
        // Created a while ago, so each pass may take them at once while their webhooks arrive.
        for id in ids { shopify.place(.init(id: "\(id)", number: Int(id) - 8000, createdAt: Date().addingTimeInterval(-120))) }
        let statuses = Mutex<[Int]>([])
        let (port, secret) = (harness.port, IntakeHarness.secret)
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            Thread.sleep(forTimeInterval: Double(index) * 0.15)
            let status = (try? WebhookPoster(port: port, secret: secret).post(SampleOrder.body(id: ids[index], number: Int(ids[index]) - 8000),
                                                   path: "/webhooks/shop/orders/create").status) ?? 0
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 200 })
        Thread.sleep(forTimeInterval: 2.5)
        #expect(harness.files(.incoming) == ids.map { "\($0).json" }, "\(log)")
        for id in ids {
            let stored = log.filter { $0.contains("order=\(id) ") && $0.contains(" accepted") }
            #expect(stored.count == 1, "order \(id) stored once: \(stored)")
        }
        #expect(harness.files(.tmp).isEmpty)
    }

    @Test func aCancelWhoseWebhookNeverCameIsApplied() throws {
        waitForTheFirstPass()
        shopify.place(.init(id: "9021", number: 1921))
        #expect(try harness.poster.post(SampleOrder.body(id: 9021, number: 1921), path: "/webhooks/shop/orders/create").status == 200)
        shopify.cancelInAdmin("9021")
        // Cancelled in Shopify before wasp ever saw it: nobody to confirm, nothing stored.
        shopify.place(.init(id: "9022", number: 1922))
        shopify.cancelInAdmin("9022")
        let scheduler = try Wasp.start("scheduler", root: harness.root, readyWhen: " running")
        defer { _ = scheduler.stop() }
        #expect(eventually { (try? harness.order("9021", in: .cancelled))?.cancellation?.reason == "customer" }, "\(log) \(scheduler.log)")
        #expect(log.filter { $0.contains("reconciliation applies a cancel") && $0.contains("order=9021") }.count == 1, "\(log)")
        #expect(harness.spool.state(of: OrderID("9022")!, tenant: harness.tenant) == nil)
    }
}

/// The quiet alert: no webhook for `shopify.quiet_alert` while the shop has orders, said once, cleared by the next.
@Suite struct QuietAlertTests {
    @Test func theQuietAlertFiresOnceAndClearsWithTheNextWebhook() throws {
        let alerts = FileManager.default.temporaryDirectory.appendingPathComponent("wasp-feed-alerts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: alerts) }
        let harness = try IntakeHarness(waspConf: [#"alert.command = echo "$WASP_TENANT|$WASP_STATE|$WASP_REASON" >> \#(alerts)"#],
                                        tenantLines: ["delay = 1h", "shopify.quiet_alert = 2s"])
        func lines() -> [String] {
            ((try? String(contentsOfFile: alerts, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        #expect(eventually { harness.intake.log.contains { $0.contains("no reconciliation: no Shopify Admin credentials") } })
        Thread.sleep(forTimeInterval: 3)
        #expect(lines().isEmpty, "a shop without orders is not alerted")

        #expect(try harness.poster.post(SampleOrder.body(id: 9031, number: 1931), path: "/webhooks/shop/orders/create").status == 200)
        #expect(eventually { lines().count == 1 }, "\(harness.intake.log)")
        #expect(lines().first?.hasPrefix("shop|shopify-quiet|No webhook from Shopify since ") == true, "\(lines())")
        let status = try Wasp.run(["status", "--root", harness.root.path]).output
        #expect(status.contains("shop     shopify    shopify-quiet  No webhook from Shopify"), "\(status)")
        Thread.sleep(forTimeInterval: 2)
        #expect(lines().count == 1, "once per change: \(lines())")

        #expect(try harness.poster.post(SampleOrder.body(id: 9032, number: 1932), path: "/webhooks/shop/orders/create").status == 200)
        #expect(eventually { lines().count >= 2 }, "\(harness.intake.log)")
        #expect(lines()[1].hasPrefix("shop|shopify-ok|"), "\(lines())")
        #expect(harness.intake.log.filter { $0.contains("no reconciliation") }.count == 1, "said once at start")
    }
}
