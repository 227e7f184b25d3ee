import CloudStandIn
import Crypto
import Foundation
import Glibc
import HTTP
import ShopifyStandIn
import Spool
import Testing
import TestSupport

/// The whole flow under `wasp up`, Cloud API: a signed orders/create, the asking template with its buttons, the
/// customer's tap as Meta calls it back, and the tag on the order in the Shopify stand-in.
@Suite struct AnswerFlowTests {
    static let secret = "shpss_answerflow"
    static let appSecret = "meta-app-secret-answerflow"

    @Test(arguments: [("confirm", "wasp-confirmed", false), ("cancel", "wasp-cancel-requested", true)])
    func aCustomersTapEndsAsATagOnTheShopifyOrder(_ choice: String, _ tag: String, _ cancelled: Bool) throws {
        let meta = try CloudStandIn(phoneNumberID: "1065", token: "EAAG-flow", templates: ["order_confirmation": 0])
        let shopify = try ShopifyAdminStandIn(token: "shpat_flow")
        defer { meta.stop(); shopify.stop() }
        let root = try TemporaryRoot(waspConf: ["cloud.api_url = \(meta.url)"])
        try root.addTenant("shop", lines: [
            "shopify.secret = \(Self.secret)", "delay = 0", "min_gap = 0", "provider = cloud",
            "cloud.phone_number_id = 1065", "cloud.token_file = cloud/shop.token", "cloud.template = order_confirmation",
            "cloud.language = en_US", "cloud.app_secret_file = cloud/app.secret", "confirm.ask = yes",
            "shopify.admin_token_file = cloud/shopify.token", "shopify.admin_url = \(shopify.url)", "writeback.cancel = yes",
        ])
        try root.addSecret("EAAG-flow", at: "cloud/shop.token")
        try root.addSecret(Self.appSecret, at: "cloud/app.secret")
        try root.addSecret("shpat_flow", at: "cloud/shopify.token")
        let up = try Wasp.start("up", root: root, readyWhen: "intake: listening")
        defer { up.stop() }
        let port = try #require(TemporaryRoot.intakePort(in: up.log))

        let posted = try WebhookPoster(port: port, secret: Self.secret)
            .post(Paths.fixture("orders/02-order-1001-phones-everywhere.json"), path: "/webhooks/shop/orders/create")
        #expect(posted.status == 200)
        #expect(eventually(timeout: 20) { meta.messages.count == 1 }, "\(up.log.filter { $0.hasPrefix("sender") })")
        let message = try #require(meta.messages.first)
        #expect(message.buttons == ["confirm:450789469", "cancel:450789469"])

        let tap = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","messages":[{"from":"\#(message.to)","id":"wamid.TAP","timestamp":"\#(Int(Date().timeIntervalSince1970))","context":{"from":"15550783881","id":"\#(message.id)"},"type":"button","button":{"payload":"\#(choice):450789469","text":"\#(choice)"}}]}}]}]}"#
        let body = Data(tap.utf8)
        let signature = "sha256=" + Digest.hex(Digest.hmacSHA256(key: Data(Self.appSecret.utf8), message: body))
        let called = try HTTPClient(host: "127.0.0.1", port: port).send(
            "POST", "/whatsapp/shop", headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", signature)], body: body)
        #expect(called.status == 200)
        #expect(eventually(timeout: 20) { shopify.order("450789469").tags == [tag] }, "\(up.log.suffix(10))")
        #expect(eventually { shopify.order("450789469").cancelled == cancelled }, "the cancel follows the tags")
        let state = cancelled ? "cancelled" : "confirmed"
        #expect(FileManager.default.fileExists(atPath: root.spool + "/shop/\(state)/450789469.json"))
        #expect(eventually { (try? FileManager.default.contentsOfDirectory(atPath: root.spool + "/shop/writeback"))?.isEmpty == true })
    }
}
