import Foundation
import Spool

/// What the map cannot say about an unfinished `wasp shard move`: where the tenant is going, and once its line is
/// flipped, when (the target's first webhook must come after that). Kept in `etc/shard-moves/<tenant>` on the shard
/// the tenant leaves, written before the step it describes and removed with the tenant's copy, so a move run again
/// after any failure goes on, and a move to another shard meanwhile is refused.
struct ShardMoveRecord: Equatable {
    static let directory = "shard-moves"

    let target: String
    /// Set just before the map's line is flipped to the target.
    let flipped: Date?

    static func path(etc: String, tenant: TenantID) -> String {
        etc + "/" + directory + "/" + tenant.rawValue
    }

    /// The tenant's record, or nil when no move of it was started here.
    static func load(etc: String, tenant: TenantID) throws(ShardMoveError) -> ShardMoveRecord? {
        let path = path(etc: etc, tenant: tenant)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do throws(ConfigError) {
            let file = try ConfigFile.load(path)
            func value(_ key: String) -> String? { file.entries.last { $0.key == key }?.value }
            guard let target = value("target") else { throw ConfigError(file: path, key: "target", problem: "missing") }
            let flipped = try value("flipped").map { (text) throws(ConfigError) -> Date in
                guard let date = Timestamp.date(text) else { throw ConfigError(file: path, key: "flipped", problem: "not an RFC 3339 time") }
                return date
            }
            return ShardMoveRecord(target: target, flipped: flipped)
        } catch {
            throw ShardMoveError("\(error.description); fix the file or remove it and put \(tenant)'s line in etc/\(ShardMap.tenantsFile) back as it should be")
        }
    }

    func save(etc: String, tenant: TenantID) throws(ShardMoveError) {
        let text = "# 'wasp shard move \(tenant) --to \(target)' is unfinished; run it again to go on (README, \"Shards\")\n"
            + "target = \(target)\n" + (flipped.map { "flipped = \(Timestamp.string($0))\n" } ?? "")
        do {
            try FileManager.default.createDirectory(atPath: etc + "/" + Self.directory, withIntermediateDirectories: true)
            try DurableFile.replace(Self.path(etc: etc, tenant: tenant), with: text, mode: 0o644)
        } catch {
            throw ShardMoveError("cannot record the move of \(tenant): \(error)")
        }
    }

    static func remove(etc: String, tenant: TenantID) throws(ShardMoveError) {
        do { try DurableFile.remove(path(etc: etc, tenant: tenant)) } catch {
            throw ShardMoveError("cannot remove the record of \(tenant)'s move: \(error.description)")
        }
    }
}
