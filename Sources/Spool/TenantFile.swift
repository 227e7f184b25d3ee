import Crypto
import Foundation

/// Writes `etc/tenants/<tenant>.conf` for the operator commands; the daemons only read it. Files are replaced
/// atomically (write, fsync, rename) with mode 0600 since they hold a password hash and signing keys.
public struct TenantFile {
    public let etc: String
    public let tenant: TenantID

    public init(etc: String, tenant: TenantID) {
        self.etc = etc
        self.tenant = tenant
    }

    public var path: String { TenantConfig.path(etc: etc, tenant: tenant) }

    /// Creates the file; fails if the tenant exists. The text is validated as the daemons will read it. `settings`
    /// are further `key = value` lines (delay, timezone, ...), written in the order given.
    public func create(email: String, password: String, secret: String,
                       settings: KeyValuePairs<String, String?> = [:]) throws -> TenantConfig {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(file: path, problem: "tenant \(tenant) exists already; use 'wasp tenant passwd' to change it")
        }
        var text = """
        # wasp tenant \(tenant); see README.md for every key.
        email = \(try ConfigFile.writable(email, key: "email", file: path))
        password = \(PasswordHash.make(password: password).encoded)
        # The signing key from Shopify: Settings → Notifications → Webhooks. Add a second line to rotate.
        shopify.secret = \(try ConfigFile.writable(secret, key: "shopify.secret", file: path))

        """
        for (key, value) in settings {
            if let value { text += "\(key) = \(try ConfigFile.writable(value, key: key, file: path))\n" }
        }
        let config = try TenantConfig.parse(ConfigFile(path: path, text: text), tenant: tenant)
        try FileManager.default.createDirectory(atPath: etc + "/tenants", withIntermediateDirectories: true)
        try replace(with: text)
        return config
    }

    /// Sets a new password hash, keeping every other line and comment.
    public func setPassword(_ password: String) throws {
        _ = try ConfigFile.load(path) // fails, naming the file, for a tenant that does not exist
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try replace(with: ConfigFile.text(text, setting: "password", to: PasswordHash.make(password: password).encoded))
    }

    private func replace(with text: String) throws {
        try DurableFile.replace(path, with: text, mode: 0o600)
    }
}
