import Foundation
import Glibc
import Shopify
import Testing
import TestSupport

/// Deliveries of a Dev Dashboard app's own subscriptions are signed with its client secret: the intake takes them
/// beside the shop-admin webhooks signed with `shopify.secret`.
@Suite struct AppSignedWebhookTests {
    static let clientSecret = "shpss_client_0123456789abcdef"
    let harness: IntakeHarness

    init() throws {
        harness = try IntakeHarness(tenantLines: ["delay = 2s", "shopify.client_id = 3f1c5d0e9b2a",
                                                  "shopify.client_secret_file = shopify/shop.secret"])
        try FileManager.default.createDirectory(atPath: harness.root.path + "/etc/shopify", withIntermediateDirectories: true)
        try (Self.clientSecret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        chmod(secretFile, 0o640)
    }

    private var secretFile: String { harness.root.path + "/etc/shopify/shop.secret" }

    @Test func aDeliverySignedWithTheClientSecretIsAcceptedBesideTheShopAdminKey() throws {
        let byApp = SampleOrder.body(id: 81, number: 1081)
        #expect(try harness.poster.post(byApp, path: "/webhooks/shop/orders/create",
                                        signature: WebhookSignature.sign(byApp, secret: Self.clientSecret)).status == 200)
        let byShopAdmin = SampleOrder.body(id: 82, number: 1082)
        #expect(try harness.poster.post(byShopAdmin, path: "/webhooks/shop/orders/create").status == 200)
        #expect(harness.files(.incoming) == ["81.json", "82.json"])
    }

    @Test func aSecretFileOthersCanReadVerifiesNothingAndSaysWhy() throws {
        chmod(secretFile, 0o644)
        let order = SampleOrder.body(id: 83, number: 1083)
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create",
                                        signature: WebhookSignature.sign(order, secret: Self.clientSecret)).status == 401)
        #expect(eventually { harness.intake.log.contains { $0.contains("cannot check a signature with shopify.client_secret_file")
            && $0.contains("must be 0600 or 0640") } }, "\(harness.intake.log)")
        #expect(harness.storedFiles().isEmpty)
    }
}
