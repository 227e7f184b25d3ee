import Foundation
import Spool
import Testing

@Suite struct CloudSettingsTests {
    private let cloud = """
        shopify.secret = s
        provider = cloud
        cloud.phone_number_id = 106540352242922
        cloud.token_file = cloud/5.token
        cloud.template = order_confirmation
        cloud.language = en_US
        cloud.parameters = {customer_name}, {order_name}, {currency} {total_price}
        """

    private func parse(_ text: String) throws(ConfigError) -> TenantConfig {
        try TenantConfig.parse(ConfigFile(path: "/srv/wasp/etc/tenants/5.conf", text: text), tenant: TenantID("5")!)
    }

    @Test func aCloudTenantHasItsTemplateAndATokenFileUnderEtc() throws {
        let config = try parse(cloud)
        #expect(config.provider == .cloud)
        #expect(config.cloud?.tokenFile == "/srv/wasp/etc/cloud/5.token")
        #expect(config.cloud?.parameters.count == 3)
        #expect(config.cloud?.template == "order_confirmation" && config.cloud?.language == "en_US")
    }

    @Test(arguments: [
        ("cloud.template = order_confirmation\n", "cloud.template"),
        ("cloud.token_file = cloud/5.token\n", "cloud.token_file"),
    ])
    func aCloudTenantWithoutAKeyItNeedsIsRefusedNamingIt(_ line: String, _ key: String) {
        #expect(throws: ConfigError.self) { try parse(cloud.replacingOccurrences(of: line, with: "")) }
        do { _ = try parse(cloud.replacingOccurrences(of: line, with: "")) } catch { #expect(error.key == key) }
    }

    @Test(arguments: ["../../etc/shadow", "/etc/passwd", "../secret"])
    func aTokenFileOutsideEtcIsRefused(_ path: String) {
        #expect(throws: ConfigError.self) {
            try parse(cloud.replacingOccurrences(of: "cloud/5.token", with: path))
        }
    }

    @Test func theCloudKeysMayStayWhileTheTenantIsBackOnWhatsAppWeb() throws {
        let config = try parse(cloud.replacingOccurrences(of: "provider = cloud", with: "provider = web"))
        #expect(config.provider == .web && config.cloud == nil)
        #expect(throws: ConfigError.self) { try parse(cloud.replacingOccurrences(of: "provider = cloud", with: "provider = sms")) }
        #expect(throws: ConfigError.self) { try parse(cloud.replacingOccurrences(of: "{order_name}", with: "{nonsense}")) }
    }
}
