import Spool

extension TenantCommand {
    /// What the merchant does in Shopify's Dev Dashboard for a tenant added with `--client-id`: the grant works only
    /// for an app the shop's own organization made and installed, so these are the merchant's steps, not ours.
    /// wasp subscribes the app to the webhooks itself, so nothing is said of webhooks to create by hand.
    static func printDevDashboardSteps(_ config: TenantConfig, publicURL: String) {
        let settings = config.writeback
        print("""
            Shopify Dev Dashboard app (the merchant, logged in as the store owner or with the Apps Developer role):
              1. Shopify admin → Settings → Apps → Develop apps → Build apps in Dev Dashboard → Create app
                 (Start from Dev Dashboard).
              2. Versions: scopes read_orders,write_orders; switch on the protected customer data fields
                 phone, name and address; leave "Use legacy install flow" unchecked → Release.
              3. Install app → the store \(config.shopifyShop ?? "-").
              4. Settings → Client ID must be \(settings.clientID ?? "-"); the Client secret goes alone into
                 \(settings.clientSecretFile ?? "-") (chmod 600).
            wasp writeback then mints its tokens at \(settings.tokenURL ?? "-"),
            calls \(settings.adminURL ?? "-"),
            and subscribes the app to its webhooks at \(publicURL)/webhooks/\(config.tenant)/<topic> (kept in place
            hourly); no webhook is created by hand. The compliance topics (customers/data_request, customers/redact,
            shop/redact) are set in the app's configuration, with the same URL pattern.
            """)
        if let file = settings.clientSecretFile, case .failure(let problem) = SecretFile.read(file) {
            print("not usable yet: \(problem)")
        }
    }
}
