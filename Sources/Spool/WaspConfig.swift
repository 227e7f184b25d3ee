import Foundation

/// `etc/wasp.conf`: where things are and how the daemons listen. Every key has a default, so the file may be absent.
public struct WaspConfig: Sendable {
    public var spoolPath: String
    public var intakeListen: ListenAddress
    public var intakeMaxBody: Int
    public var intakeMaxConnections: Int
    public var intakeReadTimeout: TimeInterval
    public var intakeIdleTimeout: TimeInterval
    /// Threads that verify and store webhooks; each waits in turn for its fsync, so more than the cores, but not
    /// so many that they crowd out the thread reading requests (`wasp bench intake --workers`, 'wasp help figures').
    public var intakeWorkers: Int
    public var dashboardListen: ListenAddress
    public var dashboardMaxConnections: Int
    /// How long a dashboard login or API token lasts.
    public var dashboardSessionLifetime: TimeInterval
    /// The TLS proxies in front of the dashboard, whose X-Forwarded-For names the client.
    public var dashboardTrustedProxies: Set<String>
    public var publicURL: String
    public var chromePath: String
    public var whatsAppWebURL: String
    public var senderMaxBrowsers: Int
    /// A browser unused this long is closed; one this old is closed once idle, to bound its memory's growth.
    public var senderBrowserIdle: TimeInterval
    public var senderBrowserMaxAge: TimeInterval
    /// How long a browser stays open after a fresh link: WhatsApp Web writes the link's keys some time later.
    public var senderLinkGrace: TimeInterval
    /// No browser is started while the browsers' memory (PSS, from /proc) and one more would pass this.
    public var senderMemoryBudget: Int?
    public var senderMaxAttempts: Int
    /// The first retry's delay; each further retry doubles it, up to `senderRetryMax`.
    public var senderRetryBase: TimeInterval
    public var senderRetryMax: TimeInterval
    /// How long WhatsApp Web may take to show a chat, and a message to leave the clock state.
    public var senderPageTimeout: TimeInterval
    public var senderSendTimeout: TimeInterval
    /// How often a browser's page is checked against the selectors file (also after each link and browser start),
    /// and how soon a failed check is run again.
    public var senderSelfCheckEvery: TimeInterval
    public var senderSelfCheckRetry: TimeInterval
    /// How long a QR code is shown for linking before the sender gives up.
    public var linkWindow: TimeInterval
    public var maxAge: TimeInterval
    /// A shell command run when a tenant's WhatsApp state changes (`WASP_TENANT`, `WASP_STATE`, `WASP_REASON`,
    /// `WASP_WAITING` in its environment), like a mail system's notify hook.
    public var alertCommand: String?
    /// Meta's Graph API, for tenants with `provider = cloud`, and how long one request may take.
    public var cloudAPIURL: String
    public var cloudTimeout: TimeInterval
    /// `users = PREFIX`: each daemon runs as the Unix user `PREFIX-<daemon>` (`DaemonUsers`); absent, all run as
    /// whoever starts them.
    public var users: DaemonUsers?
    /// This host's name in `etc/shards`, when wasp runs as several shards (`ShardPlacement`).
    public var shardName: String?
    /// A shell command `wasp shard move` runs after each change of `etc/tenant-shards` (its path in
    /// `WASP_TENANT_SHARDS`): copy it to every host, rewrite HAProxy's map and reload it.
    public var shardPublish: String?

    /// Loads `<root>/etc/wasp.conf`; a relative `spool` is taken from `root`.
    public static func load(root: String) throws(ConfigError) -> WaspConfig {
        let path = root + "/etc/wasp.conf"
        guard FileManager.default.fileExists(atPath: path) else {
            return try parse(ConfigFile(path: path, text: ""), root: root)
        }
        return try parse(ConfigFile.load(path), root: root)
    }

    static func parse(_ file: ConfigFile, root: String) throws(ConfigError) -> WaspConfig {
        var reader = file.reader()
        let spool = try reader.value("spool", default: "spool", ConfigValue.text)
        let intakeListen = try reader.value("intake.listen", default: ListenAddress(host: "127.0.0.1", port: 8080),
                                            ConfigValue.listenAddress)
        let config = WaspConfig(
            spoolPath: spool.hasPrefix("/") ? spool : root + "/" + spool,
            intakeListen: intakeListen,
            intakeMaxBody: try reader.value("intake.max_body", default: 5 * 1024 * 1024, ConfigValue.size),
            intakeMaxConnections: try reader.value("intake.max_connections", default: 10_000, ConfigValue.positiveInteger),
            intakeReadTimeout: try reader.value("intake.read_timeout", default: 10, ConfigValue.timeout),
            intakeIdleTimeout: try reader.value("intake.idle_timeout", default: 30, ConfigValue.timeout),
            intakeWorkers: try reader.value("intake.workers", default: 16, ConfigValue.positiveInteger(atMost: 1024)),
            dashboardListen: try reader.value("dashboard.listen", default: ListenAddress(host: "127.0.0.1", port: 8081),
                                              ConfigValue.listenAddress),
            dashboardMaxConnections: try reader.value("dashboard.max_connections", default: 10_000,
                                                      ConfigValue.positiveInteger),
            dashboardSessionLifetime: try reader.value("dashboard.session_lifetime", default: 12 * 3600,
                                                       ConfigValue.duration),
            dashboardTrustedProxies: try reader.value("dashboard.trusted_proxies", default: [], ConfigValue.addresses),
            publicURL: try reader.value("public_url", default: "http://\(intakeListen)", ConfigValue.url),
            chromePath: try reader.value("chrome.path", default: "/usr/bin/chromium", ConfigValue.text),
            whatsAppWebURL: try reader.value("whatsapp.web_url", default: "https://web.whatsapp.com", ConfigValue.url),
            senderMaxBrowsers: try reader.value("sender.max_browsers", default: 4, ConfigValue.positiveInteger(atMost: 64)),
            senderBrowserIdle: try reader.value("sender.browser_idle", default: 120, ConfigValue.duration),
            senderBrowserMaxAge: try reader.value("sender.browser_max_age", default: 6 * 3600, ConfigValue.duration),
            senderLinkGrace: try reader.value("sender.link_grace", default: 120, ConfigValue.duration),
            senderMemoryBudget: try reader.value("sender.memory_budget", ConfigValue.memory),
            senderMaxAttempts: try reader.value("sender.max_attempts", default: 5, ConfigValue.positiveInteger),
            senderRetryBase: try reader.value("sender.retry_base", default: 60, ConfigValue.duration),
            senderRetryMax: try reader.value("sender.retry_max", default: 3600, ConfigValue.duration),
            senderPageTimeout: try reader.value("sender.page_timeout", default: 30, ConfigValue.duration),
            senderSendTimeout: try reader.value("sender.send_timeout", default: 60, ConfigValue.duration),
            senderSelfCheckEvery: try reader.value("sender.self_check_every", default: 6 * 3600, ConfigValue.duration),
            senderSelfCheckRetry: try reader.value("sender.self_check_retry", default: 60, ConfigValue.duration),
            linkWindow: try reader.value("whatsapp.link_window", default: 600, ConfigValue.duration),
            maxAge: try reader.value("max_age", default: 3 * 86400, ConfigValue.duration),
            alertCommand: try reader.value("alert.command", ConfigValue.text),
            cloudAPIURL: try reader.value("cloud.api_url", default: "https://graph.facebook.com/v23.0", ConfigValue.url),
            cloudTimeout: try reader.value("cloud.timeout", default: 15, ConfigValue.timeout),
            users: try reader.value("users", ConfigValue.userPrefix).map(DaemonUsers.init(prefix:)),
            shardName: try reader.value("shard.name", ConfigValue.shardName),
            shardPublish: try reader.value("shard.publish", ConfigValue.text)
        )
        try reader.rejectUnknownKeys()
        return config
    }
}
