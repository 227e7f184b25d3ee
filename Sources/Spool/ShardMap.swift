import Foundation
import Glibc

/// Where each tenant is served when wasp runs as several shards, each a whole wasp with its own spool (README,
/// "Shards"): `etc/shards` names the shards (`name address [root]` per line: `root` is where `wasp shard move`
/// copies a tenant to, `host:/path` over ssh or a local path, by default `root@address:/var/lib/wasp`) and
/// `etc/tenant-shards` places each tenant
/// on one (`tenant shard`, or `tenant shard moving` while `wasp shard move` copies it away). The same two files
/// are on every host and feed HAProxy's map (`wasp shard map`); a host knows its own name from `shard.name`.
public struct ShardMap: Sendable, Equatable {
    public struct Shard: Sendable, Equatable {
        public let name: String
        public let address: String
        public let root: String

        public init(name: String, address: String, root: String? = nil) {
            self.name = name
            self.address = address
            self.root = root ?? "root@\(address):/var/lib/wasp"
        }
    }

    public struct Assignment: Sendable, Equatable {
        public let shard: String
        /// Being copied to another shard: refused with 503 until the map names its new shard.
        public let moving: Bool

        public init(shard: String, moving: Bool) {
            self.shard = shard
            self.moving = moving
        }
    }

    public static let shardsFile = "shards"
    public static let tenantsFile = "tenant-shards"

    /// In the order of `etc/shards`.
    public let shards: [Shard]
    public let tenants: [TenantID: Assignment]

    public init(shards: [Shard], tenants: [TenantID: Assignment]) {
        self.shards = shards
        self.tenants = tenants
    }

    public func shard(named name: String) -> Shard? {
        shards.first { $0.name == name }
    }

    /// Reads both files; a missing file is an empty one.
    public static func load(etc: String) throws(ConfigError) -> ShardMap {
        let shards = try lines(etc + "/" + shardsFile).map { (line, fields) throws(ConfigError) -> Shard in
            let file = etc + "/" + shardsFile
            guard fields.count == 2 || fields.count == 3 else {
                throw ConfigError(file: file, line: line, problem: "expected 'name address' or 'name address root'")
            }
            guard TenantID(fields[0]) != nil else {
                throw ConfigError(file: file, line: line, key: fields[0], problem: "a shard's name is written like a tenant id: a-z, 0-9, - and _")
            }
            return Shard(name: fields[0], address: fields[1], root: fields.count == 3 ? fields[2] : nil)
        }
        var seen: Set<String> = []
        for shard in shards where !seen.insert(shard.name).inserted {
            throw ConfigError(file: etc + "/" + shardsFile, key: shard.name, problem: "named twice")
        }
        var tenants: [TenantID: Assignment] = [:]
        let file = etc + "/" + tenantsFile
        for (line, fields) in try lines(file) {
            guard fields.count == 2 || (fields.count == 3 && fields[2] == "moving") else {
                throw ConfigError(file: file, line: line, problem: "expected 'tenant shard' or 'tenant shard moving'")
            }
            guard let tenant = TenantID(fields[0]) else { throw ConfigError(file: file, line: line, key: fields[0], problem: "not a tenant id") }
            guard seen.contains(fields[1]) else {
                throw ConfigError(file: file, line: line, key: fields[0], problem: "shard \(fields[1]) is not in \(etc)/\(shardsFile)")
            }
            guard tenants[tenant] == nil else { throw ConfigError(file: file, line: line, key: fields[0], problem: "placed twice") }
            tenants[tenant] = Assignment(shard: fields[1], moving: fields.count == 3)
        }
        return ShardMap(shards: shards, tenants: tenants)
    }

    /// Each line's number and its words, without comments and blank lines.
    private static func lines(_ path: String) throws(ConfigError) -> [(Int, [String])] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw ConfigError(file: path, problem: "cannot be read") }
            return []
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .compactMap { index, line in
                let words = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                return words.isEmpty ? nil : (index + 1, words)
            }
    }

    /// The lines of `etc/tenant-shards` for this map, as `load` reads them.
    public var tenantsText: String {
        tenants.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key) \($0.value.shard)" + ($0.value.moving ? " moving" : "") + "\n" }.joined()
    }
}
