import Crypto
import Foundation
import Shopify
import Spool

enum TenantCommand: Command {
    static let name = "tenant"
    static let summary = "add, list or change merchants (tenant add/list/passwd)"
    static let help = """
    usage: wasp tenant add <id> --email E [--delay D] [--secret S] [--password-file F] [--name SHOP]
                           [--timezone ZONE] [--quiet-hours HH:MM-HH:MM] [--template TEXT]
                           [--shop DOMAIN --client-id ID --client-secret-file F] [--root DIR]
           wasp tenant list [--root DIR]
           wasp tenant passwd <id> [--password-file F] [--root DIR]

    add     writes etc/tenants/<id>.conf and prints the webhook URLs to paste into Shopify.
            <id> is [a-z0-9][a-z0-9_-]{0,31}. --secret is the signing key Shopify shows under
            Settings → Notifications → Webhooks; without it a random one is made, good for
            'wasp trigger' until the real key is pasted in. The dashboard password is read from
            --password-file (first line), else asked for on a terminal, else read from standard input.
            --name is the shop's name for the dashboard, --timezone an IANA name (Europe/Berlin),
            --template the message with {customer_name}, {order_name}, {currency}, {total_price}, ...
            --shop is the shop's myshopify.com domain; with --client-id and --client-secret-file (a
            0600 file under etc/ holding the secret) the tenant's Dev Dashboard app writes customers'
            answers back to Shopify, and add prints what the merchant does in the Dev Dashboard.
    list    prints each tenant's id, email, delay and number of signing keys.
    passwd  sets a new dashboard password.
    """
    static let options: Set<String> = ["email", "delay", "secret", "password-file", "name", "timezone", "quiet-hours", "template",
                                       "shop", "client-id", "client-secret-file"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        let etc = arguments.root + "/etc"
        switch try arguments.positional(0, "a subcommand: add, list or passwd") {
        case "add": return try add(arguments, etc: etc)
        case "list": return try list(arguments, etc: etc)
        case "passwd": return try passwd(arguments, etc: etc)
        case let other: throw .usage("unknown subcommand '\(other)'")
        }
    }

    private static func add(_ arguments: Arguments, etc: String) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(2)
        let tenant = try arguments.tenant(at: 1)
        guard let email = arguments.options["email"] else { throw .usage("--email is required") }
        if arguments.options["client-id"] != nil && arguments.options["shop"] == nil {
            throw .usage("--client-id needs --shop (the shop's myshopify.com domain)")
        }
        let secret = arguments.options["secret"] ?? "wasp_" + Digest.randomHex(byteCount: 16)
        let waspConfig = try arguments.waspConfig()
        let password = try PasswordInput.read(file: arguments.options["password-file"], prompt: "Dashboard password for \(tenant): ")
        let config: TenantConfig
        do {
            let options = arguments.options
            config = try TenantFile(etc: etc, tenant: tenant).create(email: email, password: password, secret: secret, settings: [
                "name": options["name"], "delay": options["delay"], "timezone": options["timezone"],
                "quiet_hours": options["quiet-hours"], "template": options["template"], "shopify.shop": options["shop"],
                "shopify.client_id": options["client-id"], "shopify.client_secret_file": options["client-secret-file"],
            ])
        } catch {
            throw .failed("\(error)")
        }
        // Its spool directories now, so that 'wasp link' and 'wasp status' work before the first order.
        do {
            try Spool(root: waspConfig.spoolPath).prepare(tenant)
            try giveToDaemons(tenant, waspConfig, etc: etc, config: config)
        } catch {
            throw .failed("added \(TenantConfig.path(etc: etc, tenant: tenant)), but cannot make its spool directories: \(error)")
        }
        let publicURL = waspConfig.publicURL
        print("added tenant \(tenant) (\(email)), delay \(Int(config.delay))s")
        if arguments.options["secret"] == nil {
            print("generated signing key: \(secret)  (replace with the key Shopify shows, in \(TenantConfig.path(etc: etc, tenant: tenant)))")
        }
        if config.writeback.usesClientCredentials {
            printDevDashboardSteps(config, publicURL: publicURL)
            return 0
        }
        print("webhook URL for Shopify (Settings → Notifications → Webhooks, format JSON):")
        for topic in ShopifyTopic.allCases where topic.isShopAdminSubscription {
            print("  \(topic.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(publicURL)/webhooks/\(tenant)/\(topic.rawValue)")
        }
        print("an app's configuration can also subscribe (a shop-admin webhook cannot): "
              + ShopifyTopic.allCases.filter { !$0.isShopAdminSubscription }.map(\.rawValue).joined(separator: ", "))
        return 0
    }

    private static func list(_ arguments: Arguments, etc: String) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let configs = TenantConfigs(etc: etc, log: nil)
        print("TENANT                           EMAIL                            DELAY  KEYS")
        for tenant in configs.tenants() {
            switch configs.lookup(tenant) {
            case .found(let config):
                let email = TerminalText.escaped(config.email ?? "-").padding(toLength: 32, withPad: " ", startingAt: 0)
                let delay = String(Int(config.delay)) + "s"
                print("\(tenant.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)) \(email) \(delay.padding(toLength: 6, withPad: " ", startingAt: 0)) \(config.shopifySecrets.count)")
            case .broken(let error):
                print("\(tenant.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)) BROKEN: \(error)")
            case .unknownTenant:
                continue
            }
        }
        return 0
    }

    private static func passwd(_ arguments: Arguments, etc: String) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(2)
        let tenant = try arguments.tenant(at: 1)
        let password = try PasswordInput.read(file: arguments.options["password-file"], prompt: "New dashboard password for \(tenant): ")
        do {
            try TenantFile(etc: etc, tenant: tenant).setPassword(password)
            try giveToDaemons(tenant, try arguments.waspConfig(), etc: etc)
        } catch {
            throw .failed("\(error)")
        }
        print("password changed for tenant \(tenant)")
        return 0
    }

    /// Under `users =`, the tenant's file and directories get the owners and modes its daemons need, as
    /// 'wasp fsck --repair' would give them; with the tenant's settings, its secrets' files too.
    private static func giveToDaemons(_ tenant: TenantID, _ config: WaspConfig, etc: String,
                                      config tenantConfig: TenantConfig? = nil) throws(SpoolError) {
        guard let users = config.users else { return }
        let ownership = SpoolOwnership(users: users, spool: Spool(root: config.spoolPath), etc: etc)
        try ownership.apply(ownership.shared + ownership.tenant(tenant, config: tenantConfig))
    }
}
