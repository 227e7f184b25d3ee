import Spool
import Testing

/// How a tenant file tells wasp the way to Shopify's Admin API: a Dev Dashboard app's client credentials, or a
/// legacy token file, and the API version.
@Suite struct ShopifyAccessSettingsTests {
    private let base = """
        shopify.secret = s
        shopify.shop = shop.myshopify.com

        """

    private func parse(_ text: String) throws(ConfigError) -> TenantConfig {
        try TenantConfig.parse(ConfigFile(path: "/srv/wasp/etc/tenants/5.conf", text: base + text), tenant: TenantID("5")!)
    }

    @Test func clientCredentialsDeriveBothEndpointsFromTheShop() throws {
        let settings = try parse("shopify.client_id = 3f1c\nshopify.client_secret_file = shopify/5.secret\n").writeback
        #expect(settings.isEnabled && settings.usesClientCredentials)
        #expect(settings.clientSecretFile == "/srv/wasp/etc/shopify/5.secret")
        #expect(settings.tokenURL == "https://shop.myshopify.com/admin/oauth/access_token")
        #expect(settings.adminURL == "https://shop.myshopify.com/admin/api/2026-10/graphql.json")
    }

    @Test func aBaseURLMovesBothEndpoints() throws {
        let settings = try parse("""
            shopify.client_id = 3f1c
            shopify.client_secret_file = shopify/5.secret
            shopify.base_url = http://127.0.0.1:9/
            shopify.api_version = 2026-07
            """).writeback
        #expect(settings.tokenURL == "http://127.0.0.1:9/admin/oauth/access_token")
        #expect(settings.adminURL == "http://127.0.0.1:9/admin/api/2026-07/graphql.json")
    }

    @Test func aTokenFileKeepsWorking() throws {
        let settings = try parse("shopify.admin_token_file = shopify/5.token\n").writeback
        #expect(settings.isEnabled && !settings.usesClientCredentials)
        #expect(settings.tokenFile == "/srv/wasp/etc/shopify/5.token")
    }

    @Test(arguments: [
        ("shopify.client_id = 3f1c\n", "shopify.client_id", 3),
        ("shopify.client_secret_file = shopify/5.secret\n", "shopify.client_secret_file", 3),
        ("shopify.client_secret_file = ../../etc/shadow\nshopify.client_id = 3f1c\n", "shopify.client_secret_file", 3),
        ("shopify.client_id = 3f1c\nshopify.client_secret_file = s\nshopify.admin_token_file = t\n", "shopify.admin_token_file", 5),
        ("shopify.api_version = 2026-13-01\n", "shopify.api_version", 3),
        ("shopify.base_url = shop.myshopify.com\n", "shopify.base_url", 3),
        ("shopify.client_sceret_file = s\n", "shopify.client_sceret_file", 3),
    ])
    func aBadOrIncompleteShopifyKeyIsRefusedNamingFileLineAndKey(_ text: String, _ key: String, _ line: Int) {
        do {
            _ = try parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains("/srv/wasp/etc/tenants/5.conf"), "\(error)")
        }
    }
}
