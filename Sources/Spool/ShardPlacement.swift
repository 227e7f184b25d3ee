import Foundation

/// This host's view of the shard map, for the intake and the dashboard: is a tenant served here? The files are
/// looked at (a stat each) on every question, so a flipped line takes effect at once; a file that turns bad
/// keeps the last good map in force, logged once per change. Without `shard.name` every tenant is served here.
public final class ShardPlacement: @unchecked Sendable {
    public enum Verdict: Equatable, Sendable {
        case here
        /// Placed on another shard: 421, and nothing is written.
        case elsewhere(ShardMap.Shard)
        /// Being copied away by `wasp shard move`: 503 until the map names its new shard, so Shopify retries.
        case moving
        /// The map never parsed: nothing can be placed, so nothing is taken (503).
        case broken(ConfigError)
    }

    public let name: String?
    let etc: String
    let log: Log?
    private let lock = NSLock()
    private var stamps: [FileStamp?] = []
    private var map: Result<ShardMap, ConfigError>?

    public init(name: String?, etc: String, log: Log?) {
        self.name = name
        self.etc = etc
        self.log = log
    }

    /// True when the tenant is served here and now.
    public func serves(_ tenant: TenantID) -> Bool {
        verdict(for: tenant) == .here
    }

    public func verdict(for tenant: TenantID) -> Verdict {
        guard let name else { return .here }
        switch current() {
        case .failure(let error):
            return .broken(error)
        case .success(let map):
            // A tenant the map does not name is served where its tenant file is, as before there were shards.
            guard let assignment = map.tenants[tenant] else { return .here }
            guard assignment.shard == name else { return map.shard(named: assignment.shard).map(Verdict.elsewhere) ?? .here }
            return assignment.moving ? .moving : .here
        }
    }

    private func current() -> Result<ShardMap, ConfigError> {
        let now = [ShardMap.shardsFile, ShardMap.tenantsFile].map { FileStamp(path: etc + "/" + $0) }
        return lock.withLock {
            if let map, now == stamps { return map }
            stamps = now
            do throws(ConfigError) {
                map = .success(try ShardMap.load(etc: etc))
            } catch {
                log?.event("shard map rejected, the last good one stays", ["error": error.description])
                if map == nil { map = .failure(error) }
            }
            return map!
        }
    }
}
