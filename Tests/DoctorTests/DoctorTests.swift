import CloudStandIn
import Foundation
import Glibc
import Shopify
import ShopifyStandIn
import Spool
import Testing
import TestSupport

/// `wasp doctor <tenant>` (issue 24.8), the real binary against the Shopify and Meta stand-ins.
@Suite struct DoctorTests {
    static let clientID = "d1a2b3c4e5f6"
    static let clientSecret = "shpss_doctor_0123456789abcdef"
    static let publicURL = "https://wasp.example.com"

    /// A root whose tenant `shop` reaches `shopify` through a Dev Dashboard app, with its subscriptions in place.
    private static func root(_ shopify: ShopifyAdminStandIn, tenantLines: [String]) throws -> TemporaryRoot {
        let root = try TemporaryRoot(waspConf: ["public_url = \(publicURL)"])
        try FileManager.default.createDirectory(atPath: root.path + "/etc/shopify", withIntermediateDirectories: true)
        let secretFile = root.path + "/etc/shopify/shop.secret"
        try clientSecret.write(toFile: secretFile, atomically: true, encoding: .utf8)
        chmod(secretFile, 0o600)
        shopify.installApp(clientID: clientID, secret: clientSecret)
        try root.addTenant("shop", lines: ["shopify.secret = shpss_webhooks", "shopify.client_id = \(clientID)",
                                           "shopify.client_secret_file = shopify/shop.secret",
                                           "shopify.base_url = \(shopify.baseURL)"] + tenantLines)
        let grant = ClientCredentialsGrant(.init(tokenURL: shopify.baseURL + "/admin/oauth/access_token", clientID: clientID,
                                                 secretFile: secretFile))
        let admin = try #require(ShopifyAdmin(url: shopify.url, credential: grant))
        #expect(admin.keepSubscriptions(tenant: TenantID("shop")!, publicURL: publicURL) != .kept(created: []))
        shopify.place(.init(id: "1001", number: 1001))
        return root
    }

    private static func doctor(_ root: TemporaryRoot) throws -> (status: Int32, lines: [String]) {
        let outcome = try Wasp.run(["doctor", "shop", "--root", root.path])
        return (outcome.status, outcome.output.split(separator: "\n").map(String.init))
    }

    private static func line(_ check: String, in lines: [String]) -> String {
        lines.first { $0.contains("  " + check + ": ") } ?? "no line for \(check) in \(lines)"
    }

    @Test func aCloudTenantWithEverythingInPlacePassesAndARecategorisedTemplateFails() throws {
        let shopify = try ShopifyAdminStandIn()
        defer { shopify.stop() }
        let cloud = try CloudStandIn(phoneNumberID: "106540352242922", token: "EAAG-doctor", templates: ["order_confirmation": 3])
        defer { cloud.stop() }
        let root = try Self.root(shopify, tenantLines: [
            "provider = cloud", "cloud.phone_number_id = 106540352242922", "cloud.token_file = cloud/token",
            "cloud.template = order_confirmation", "cloud.language = en_US",
            "cloud.business_account_id = \(CloudStandIn.businessAccountID)",
        ])
        try FileManager.default.createDirectory(atPath: root.path + "/etc/cloud", withIntermediateDirectories: true)
        try "EAAG-doctor".write(toFile: root.path + "/etc/cloud/token", atomically: true, encoding: .utf8)
        chmod(root.path + "/etc/cloud/token", 0o600)
        try (["public_url = \(Self.publicURL)", "cloud.api_url = \(cloud.url)", "intake.listen = 127.0.0.1:0",
              "dashboard.listen = 127.0.0.1:0"]).joined(separator: "\n")
            .write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)

        let good = try Self.doctor(root)
        #expect(good.status == 0, "\(good.lines)")
        #expect(good.lines.count == 5 && good.lines.allSatisfy { $0.hasPrefix("shop      ok    ") }, "\(good.lines)")
        #expect(Self.line("shopify token", in: good.lines).contains("scopes read_orders, write_orders"))
        #expect(Self.line("customer data", in: good.lines).contains("#1001 shows its phone and address"))
        #expect(Self.line("cloud template", in: good.lines).contains("approved as a utility template"))

        cloud.review("order_confirmation", as: .init(status: "APPROVED", category: "MARKETING"))
        let recategorised = try Self.doctor(root)
        #expect(recategorised.status == 1)
        let template = Self.line("cloud template", in: recategorised.lines)
        #expect(template.contains("FAIL") && template.contains("as MARKETING, not UTILITY"), "\(template)")
    }

    @Test func eachShopifyProblemIsNamedWithWhatToDo() throws {
        let shopify = try ShopifyAdminStandIn()
        defer { shopify.stop() }
        // 2025-07 is retired: the stand-in serves the oldest version it still supports, as Shopify does.
        let root = try Self.root(shopify, tenantLines: ["shopify.api_version = 2025-07"])
        shopify.grantScopes(["read_orders"])
        shopify.shareCustomerData(false)
        shopify.dropSubscription("ORDERS_CREATE")

        let sick = try Self.doctor(root)
        #expect(sick.status == 1)
        let token = Self.line("shopify token", in: sick.lines)
        #expect(token.contains("FAIL") && token.contains("client-credentials grant for client ID \(Self.clientID)")
                && token.contains("lacks write_orders"), "\(token)")
        // Without write_orders the other checks still run (the token itself works).
        let customer = Self.line("customer data", in: sick.lines)
        #expect(customer.contains("FAIL") && customer.contains("#1001 came without its phone and address")
                && customer.contains("protected customer data"), "\(customer)")
        let subscriptions = Self.line("webhook subscriptions", in: sick.lines)
        #expect(subscriptions.contains("FAIL") && subscriptions.contains("ORDERS_CREATE")
                && !subscriptions.contains("ORDERS_CANCELLED"), "\(subscriptions)")
        let version = Self.line("api version", in: sick.lines)
        #expect(version.contains("FAIL") && version.contains("serves Admin API version 2026-01, not the requested 2025-07")
                && version.contains("shopify.api_version = 2026-10"), "\(version)")
        let link = Self.line("whatsapp link", in: sick.lines)
        #expect(link.contains("FAIL") && link.contains("wasp link shop"), "\(link)")
        #expect(Self.line("whatsapp web self-check", in: sick.lines).contains("skip"))
    }

    @Test func aGrantShopifyRefusesFailsTheTokenAndSkipsTheRest() throws {
        let shopify = try ShopifyAdminStandIn()
        defer { shopify.stop() }
        let root = try Self.root(shopify, tenantLines: [])
        shopify.installApp(clientID: Self.clientID, secret: "another organization's secret")
        let refused = try Self.doctor(root)
        #expect(refused.status == 1)
        #expect(Self.line("shopify token", in: refused.lines).contains("refused the client-credentials grant"), "\(refused.lines)")
        #expect(Self.line("customer data", in: refused.lines).contains("skip  customer data: needs a working token"))
    }
}
