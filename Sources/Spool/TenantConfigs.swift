import Foundation
import Glibc
import Synchronization

/// The tenants' configuration files, reloaded when a file changes (its mtime, size or inode), or on `reloadAll()`
/// (SIGHUP). A file that turns bad keeps the last good version in force and is logged once per change; a daemon
/// reads every file when it starts (`loadAll`), so the last good version is at least the one it started with.
public final class TenantConfigs: Sendable {
    public enum Lookup: Sendable {
        case found(TenantConfig)
        case unknownTenant
        /// The file exists but never parsed; the error says why.
        case broken(ConfigError)
    }

    private struct Cached {
        let stamp: FileStamp
        let result: Result<TenantConfig, ConfigError>
        let lastGood: TenantConfig?
    }

    public let etc: String
    /// Nil for a command, which reports a broken file itself.
    private let log: Log?
    private let cache = Mutex<[TenantID: Cached]>([:])

    public init(etc: String, log: Log?) {
        self.etc = etc
        self.log = log
    }

    /// Reads every tenant's file now.
    public func loadAll() {
        for tenant in tenants() { _ = lookup(tenant) }
    }

    public func lookup(_ tenant: TenantID) -> Lookup {
        let path = TenantConfig.path(etc: etc, tenant: tenant)
        guard let stamp = FileStamp(path: path) else { return .unknownTenant }
        let previous = cache.withLock { $0[tenant] }
        if let previous, previous.stamp == stamp {
            return Self.lookup(previous)
        }
        let result = Result { () throws(ConfigError) in try TenantConfig.parse(ConfigFile.load(path), tenant: tenant) }
        let lastGood = (try? result.get()) ?? previous?.lastGood
        if case .failure(let error) = result {
            log?.event("tenant configuration rejected; " + (lastGood == nil ? "its orders wait until the file is fixed"
                                                                              : "the last good version stays in force"),
                       tenant: tenant, ["error": error.description])
        }
        let cached = Cached(stamp: stamp, result: result, lastGood: lastGood)
        cache.withLock { $0[tenant] = cached }
        return Self.lookup(cached)
    }

    /// Why the tenant's file is rejected as it is now, also while its last good version stays in force.
    public func problem(_ tenant: TenantID) -> ConfigError? {
        _ = lookup(tenant)
        guard case .failure(let error) = cache.withLock({ $0[tenant] })?.result else { return nil }
        return error
    }

    /// The email and password hash of a tenant whose file never parsed, from the lines that can be read, so the
    /// merchant can still sign in and be told why nothing else works.
    public func signInDetails(_ tenant: TenantID) -> (email: String?, passwordHash: String?) {
        let path = TenantConfig.path(etc: etc, tenant: tenant)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let file = try? ConfigFile(path: path, text: text, skippingMalformedLines: true) else { return (nil, nil) }
        func last(_ key: String) -> String? { file.entries.last { $0.key == key }?.value }
        return (last("email"), last("password"))
    }

    /// Forgets every file's stamp so the next lookup reads it again.
    public func reloadAll() {
        cache.withLock { entries in
            for (tenant, cached) in entries {
                entries[tenant] = Cached(stamp: .none, result: cached.result, lastGood: cached.lastGood)
            }
        }
    }

    /// Tenant ids with a configuration file.
    public func tenants() -> [TenantID] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: etc + "/tenants")) ?? []
        return names.filter { $0.hasSuffix(".conf") }.compactMap { TenantID($0.dropLast(5)) }.sorted()
    }

    private static func lookup(_ cached: Cached) -> Lookup {
        switch cached.result {
        case .success(let config): return .found(config)
        case .failure(let error): return cached.lastGood.map(Lookup.found) ?? .broken(error)
        }
    }
}

/// What identifies one version of a file without reading it.
struct FileStamp: Equatable {
    let inode: UInt
    let size: Int
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    static let none = FileStamp(inode: 0, size: -1, modifiedSeconds: 0, modifiedNanoseconds: 0)

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(inode: UInt(status.st_ino), size: Int(status.st_size),
                  modifiedSeconds: status.st_mtim.tv_sec, modifiedNanoseconds: status.st_mtim.tv_nsec)
    }

    private init(inode: UInt, size: Int, modifiedSeconds: Int, modifiedNanoseconds: Int) {
        self.inode = inode
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
    }
}
