import CloudStandIn
import Foundation
import Shopify
import ShopifyStandIn
import Testing
import TestSupport

/// The whole flow under `wasp up`, Cloud API, with reconciliation on: an order whose webhook Shopify dropped is
/// still confirmed, once; an order that came both ways is one order and one message.
@Suite struct ReconcileFlowTests {
    static let secret = "shpss_reconcileflow"

    @Test func aDroppedWebhooksOrderIsConfirmedOnceAndAnOrderFoundBothWaysGetsOneMessage() throws {
        let meta = try CloudStandIn(phoneNumberID: "1066", token: "EAAG-reconcile", templates: ["order_confirmation": 0])
        let shopify = try ShopifyAdminStandIn(token: "shpat_reconcileflow")
        defer { meta.stop(); shopify.stop() }
        let root = try TemporaryRoot(waspConf: ["cloud.api_url = \(meta.url)"])
        try root.addTenant("shop", lines: [
            "shopify.secret = \(Self.secret)", "delay = 0", "min_gap = 0", "provider = cloud",
            "cloud.phone_number_id = 1066", "cloud.token_file = cloud/shop.token", "cloud.template = order_confirmation",
            "cloud.language = en_US", "shopify.admin_token_file = cloud/shopify.token", "shopify.base_url = \(shopify.baseURL)",
            "shopify.reconcile = 1s",
        ])
        try root.addSecret("EAAG-reconcile", at: "cloud/shop.token")
        try root.addSecret("shpat_reconcileflow", at: "cloud/shopify.token")
        let up = try Wasp.start("up", root: root, readyWhen: "intake: listening")
        defer { up.stop() }
        let port = try #require(Wasp.intakePort(in: up.log))
        #expect(eventually { up.log.contains { $0.contains("reconciliation starts") } }, "\(up.log)")

        // Shopify never delivers 9501's webhook; 9502's comes, and reconciliation finds it in the shop as well.
        shopify.place(.init(id: "9501", number: 1951))
        shopify.place(.init(id: "9502", number: 1952))
        let posted = try WebhookPoster(port: port, secret: Self.secret)
            .post(SampleOrder.body(id: 9502, number: 1952), path: "/webhooks/shop/orders/create")
        #expect(posted.status == 200)
        #expect(eventually(timeout: 30) { meta.messages.count == 2 }, "\(up.log.suffix(20))")
        // Several more passes find both orders in the shop again.
        Thread.sleep(forTimeInterval: 3)
        #expect(meta.messages.map(\.callbackData).sorted() == ["shop/9501", "shop/9502"], "\(meta.messages)")
        for id in ["9501", "9502"] {
            #expect(FileManager.default.fileExists(atPath: root.spool + "/shop/sent/\(id).json"), "\(root.files(under: "spool"))")
        }
    }
}
