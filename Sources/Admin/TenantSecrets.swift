import Foundation
import Spool

/// The secret files a tenant file names: they move with the tenant and are removed with its copy. Read from the
/// file's lines rather than its parsed settings, so a file that no longer parses still tells which secrets are its
/// own. Only files under `etc/` count: the daemons refuse any other path, and nothing outside `etc/` is ever copied
/// or removed for a tenant.
struct TenantSecrets {
    /// The tenant keys that name a secret's file (CloudSettings and WritebackSettings read them), relative to `etc/`
    /// or absolute.
    static let keys = ["cloud.token_file", "cloud.app_secret_file", "shopify.admin_token_file", "shopify.client_secret_file"]

    /// Each secret's path relative to `etc/`, by the key that names it.
    let relativePaths: [(key: String, path: String)]
    /// The tenant file as it is; empty when there is none.
    let text: String

    /// The secrets of the tenant file under `etc`; none when the tenant has no file there (its copy is gone).
    init(etc: String, tenant: TenantID) throws(ShardMoveError) {
        let path = TenantConfig.path(etc: etc, tenant: tenant)
        guard FileManager.default.fileExists(atPath: path) else {
            (relativePaths, text) = ([], "")
            return
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let file = try? ConfigFile(path: path, text: text, skippingMalformedLines: true) else {
            throw ShardMoveError("cannot read \(path) to learn which secrets are \(tenant)'s")
        }
        let root = Self.standardized(etc)
        self.text = text
        relativePaths = file.entries.filter { Self.keys.contains($0.key) }.compactMap { entry in
            let path = Self.standardized(entry.value.hasPrefix("/") ? entry.value : etc + "/" + entry.value)
            return path.hasPrefix(root + "/") ? (entry.key, String(path.dropFirst(root.count + 1))) : nil
        }
    }

    /// Every secret's absolute path, spelt alike for every tenant file of one `etc/`, to tell which are shared.
    func paths(etc: String) -> Set<String> {
        Set(relativePaths.map { Self.standardized(etc) + "/" + $0.path })
    }

    /// The tenant file with each secret named relative to `etc/`, so that the file holds on a shard whose root is
    /// at another path, where the copied secrets are: an absolute path would still name this root's `etc/`.
    var portableText: String {
        relativePaths.reduce(text) { text, secret in ConfigFile.text(text, setting: secret.key, to: secret.path) }
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardized.path
    }
}
