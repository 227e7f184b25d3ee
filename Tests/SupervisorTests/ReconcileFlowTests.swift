import CloudStandIn
import Foundation
import Shopify
import ShopifyStandIn
import Testing
import TestSupport

/// The whole flow under `wasp up`, Cloud API, with reconciliation on: an order whose webhook Shopify dropped is
/// still confirmed, once; an order that came both ways is one order and one message.
@Suite struct ReconcileFlowTests {
    @Test func aDroppedWebhooksOrderIsConfirmedOnceAndAnOrderFoundBothWaysGetsOneMessage() throws {
        let flow = try CloudFlow(tenantLines: { ["shopify.base_url = \($0.baseURL)", "shopify.reconcile = 1s"] })
        let (meta, shopify, root, up) = (flow.meta, flow.shopify, flow.root, flow.up)
        #expect(eventually { up.log.contains { $0.contains("reconciliation starts") } }, "\(up.log)")

        // Shopify never delivers 9501's webhook; 9502's comes, and reconciliation finds it in the shop as well.
        shopify.place(.init(id: "9501", number: 1951))
        shopify.place(.init(id: "9502", number: 1952))
        let posted = try flow.poster().post(SampleOrder.body(id: 9502, number: 1952), path: "/webhooks/shop/orders/create")
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
