import Foundation
import Spool

extension ShardMove {
    /// Removes the tenant's copy from a shard that no longer serves it: the secrets its tenant file names (but for
    /// one that another tenant here names too), its spool directory, its tenant file, and last the record of its
    /// move. What is gone already is no error, so a forget that stopped half-way, or one on a shard that a move
    /// reached only in part, can be run again; the tenant file goes after the rest, since it tells which secrets
    /// are the tenant's.
    public static func forget(_ tenant: TenantID, spool: Spool, etc: String) throws(ShardMoveError) {
        let secrets = try TenantSecrets(etc: etc, tenant: tenant).paths(etc: etc)
        var shared: Set<String> = []
        for other in TenantConfigs(etc: etc, log: nil).tenants() where other != tenant {
            shared.formUnion(try TenantSecrets(etc: etc, tenant: other).paths(etc: etc))
        }
        for path in secrets.subtracting(shared).sorted() + [spool.path(tenant), TenantConfig.path(etc: etc, tenant: tenant)] {
            do {
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            } catch {
                throw ShardMoveError("cannot remove \(path) of \(tenant)'s copy: \(error.localizedDescription)")
            }
        }
        try ShardMoveRecord.remove(etc: etc, tenant: tenant)
    }
}
