import Doctor
import Spool

enum DoctorCommand: Command {
    static let name = "doctor"
    static let summary = "check a tenant's Shopify, Meta and WhatsApp set-up before the first order"
    static let help = """
    usage: wasp doctor TENANT [--root DIR]

    Checks, from the tenant's configuration, what its orders need, and prints one line per check:
    ok with what was seen, FAIL with what to do, or skip when it cannot be checked yet.
      shopify token            the Admin API token (minted by the client-credentials grant, or from
                               shopify.admin_token_file) and its scopes (read_orders, write_orders)
      customer data            the newest order shows its phone and address (protected customer
                               data switched on in the Dev Dashboard)
      webhook subscriptions    a Dev Dashboard app's subscriptions deliver to this host's public_url
      api version              Shopify serves shopify.api_version, without a deprecation
      cloud template           (provider = cloud) Meta shows cloud.template approved, as UTILITY
      whatsapp link            (provider = web) the sender's link state
      whatsapp web self-check  (provider = web) the sender's last check of the live page against
                               etc/whatsapp-web.selectors (spool/<t>/whatsapp/self-check)
    It asks Shopify and Meta itself (no daemon needs to run) and changes nothing.
    Exits 0 when nothing failed, 1 otherwise.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let config = try arguments.waspConfig()
        let spool = Spool(root: config.spoolPath)
        let tenant = try arguments.knownTenant(at: 0, in: spool)
        let tenantConfig: TenantConfig
        switch TenantConfigs(etc: arguments.root + "/etc", log: nil).lookup(tenant) {
        case .found(let found): tenantConfig = found
        case .broken(let error): throw .failed("\(error)")
        case .unknownTenant: throw .failed("no etc/tenants/\(tenant).conf")
        }
        let findings = Doctor(tenant: tenant, tenantConfig: tenantConfig, config: config, spool: spool).findings()
        for finding in findings { print(finding.line(tenant: tenant.rawValue)) }
        return findings.contains { $0.verdict == .fail } ? 1 : 0
    }
}
