import CloudStandIn
import Foundation
import ShopifyStandIn
import Supervisor
import TestSupport

/// `wasp up` on a scratch root with one Cloud API tenant, `shop`, its Meta and Shopify stand-ins, and the
/// tenant's secrets in place: the whole flow's setting, shared by the tests that run it.
final class CloudFlow {
    static let secret = "shpss_cloudflow"
    static let shopifyToken = "shpat_cloudflow"
    let meta: CloudStandIn
    let shopify: ShopifyAdminStandIn
    let root: TemporaryRoot
    let up: DaemonProcess

    /// `tenantLines`, given the Shopify stand-in, come after the Cloud API's and the Admin API token file's.
    init(tenantLines: (ShopifyAdminStandIn) -> [String], secrets: [(file: String, value: String)] = []) throws {
        meta = try CloudStandIn(phoneNumberID: "1065", token: "EAAG-flow", templates: ["order_confirmation": 0])
        shopify = try ShopifyAdminStandIn(token: Self.shopifyToken)
        root = try TemporaryRoot(waspConf: ["cloud.api_url = \(meta.url)"])
        try root.addTenant("shop", lines: [
            "shopify.secret = \(Self.secret)", "delay = 0", "min_gap = 0", "provider = cloud",
            "cloud.phone_number_id = 1065", "cloud.token_file = cloud/shop.token", "cloud.template = order_confirmation",
            "cloud.language = en_US", "shopify.admin_token_file = cloud/shopify.token",
        ] + tenantLines(shopify))
        try root.addSecret("EAAG-flow", at: "cloud/shop.token")
        try root.addSecret(Self.shopifyToken, at: "cloud/shopify.token")
        for secret in secrets { try root.addSecret(secret.value, at: secret.file) }
        up = try Wasp.start("up", root: root, readyWhen: "intake: listening")
    }

    deinit {
        up.stop()
        meta.stop()
        shopify.stop()
    }

    /// A poster for the intake `wasp up` started.
    func poster() throws -> WebhookPoster {
        guard let port = Wasp.intakePort(in: up.log) else { throw POSIXError(.ENOTCONN) }
        return WebhookPoster(port: port, secret: Self.secret)
    }
}
