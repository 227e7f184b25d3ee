import Foundation
import HTTP
import Spool

/// The root of a soak run: `etc/` with fixed loopback ports (a daemon `wasp up` restarts listens where the shop
/// posts), the WhatsApp Web tenants `soakN`, the Cloud API tenants `soakcloudN`, all with a short delay and no pacing.
struct SoakSite {
    /// Where an order ends up: nothing is asked of the customers in a soak, so `sent/` is final.
    static let finalStates: [SpoolDirectory] = [.sent, .cancelled, .delivered, .failed]

    let webTenants: [TenantID]
    let cloudTenants: [TenantID]
    let intakePort: UInt16
    let dashboardPort: UInt16

    static func make(root: String, spool: Spool, settings: SoakBench.Settings, webURL: String,
                     cloudURL: String) throws -> SoakSite {
        let etc = root + "/etc"
        try FileManager.default.createDirectory(atPath: etc + "/tenants", withIntermediateDirectories: true)
        for file in ["whatsapp-web.selectors", "backup.exclude"] {
            try FileManager.default.copyItem(atPath: settings.etc + "/" + file, toPath: etc + "/" + file)
        }
        let intakePort = closedLoopbackPort(), dashboardPort = closedLoopbackPort()
        try """
            intake.listen = 127.0.0.1:\(intakePort)
            dashboard.listen = 127.0.0.1:\(dashboardPort)
            whatsapp.web_url = \(webURL)
            cloud.api_url = \(cloudURL)
            sender.max_browsers = \(settings.maxBrowsers ?? settings.webTenants + settings.cloudTenants)
            \(settings.users.map { "users = " + $0 } ?? "")
            \(settings.spool.map { "spool = " + $0 } ?? "")
            \(settings.extraConfig)

            """.write(toFile: etc + "/wasp.conf", atomically: true, encoding: .utf8)
        try "soak-token\n".write(toFile: etc + "/soak.token", atomically: true, encoding: .utf8)
        chmod(etc + "/soak.token", 0o600)
        let common = """
            shopify.secret = \(SoakShop.secret)
            delay = \(settings.delay)s
            min_gap = 0
            daily_cap = 1000000

            """
        let cloud = CloudSenderBench.providerLines(tokenFile: "soak.token")
        let web = try (0..<settings.webTenants).map { try tenant("soak\($0)", etc: etc, spool: spool, config: common) }
        let clouds = try (0..<settings.cloudTenants).map {
            try tenant("soakcloud\($0)", etc: etc, spool: spool, config: common + cloud)
        }
        return SoakSite(webTenants: web, cloudTenants: clouds, intakePort: intakePort, dashboardPort: dashboardPort)
    }

    private static func tenant(_ name: String, etc: String, spool: Spool, config: String) throws -> TenantID {
        let tenant = TenantID(name)!
        try config.write(toFile: TenantConfig.path(etc: etc, tenant: tenant), atomically: true, encoding: .utf8)
        try spool.prepare(tenant)
        return tenant
    }
}
