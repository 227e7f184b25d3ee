import Foundation
import Spool

/// `wasp doctor <tenant>`: the checks that show, before the first order and whenever asked, whether a tenant's
/// orders can be confirmed. The file system is the only channel between processes, so the Shopify and Meta
/// checks are made here, from the tenant's configuration, and WhatsApp Web's is the sender's last self-check.
public struct Doctor {
    let tenant: TenantID
    let tenantConfig: TenantConfig
    let config: WaspConfig
    let spool: Spool

    public init(tenant: TenantID, tenantConfig: TenantConfig, config: WaspConfig, spool: Spool) {
        self.tenant = tenant
        self.tenantConfig = tenantConfig
        self.config = config
        self.spool = spool
    }

    public func findings() -> [Finding] {
        shopifyFindings() + (tenantConfig.provider == .cloud ? cloudFindings() : webFindings())
    }
}
