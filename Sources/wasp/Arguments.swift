import Foundation
import Spool

/// A command's words: positionals, `--name value` options and `--flag`s. Every command takes `--root DIR`.
struct Arguments {
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    init(_ words: ArraySlice<String>, options valueOptions: Set<String>, flags flagNames: Set<String>) throws(CommandError) {
        var words = words
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else {
                positionals.append(word)
                continue
            }
            let name = String(word.dropFirst(2))
            if flagNames.contains(name) || name == "help" {
                flags.insert(name)
            } else if valueOptions.contains(name) || name == "root" {
                guard let value = words.popFirst() else { throw .usage("--\(name) needs a value") }
                options[name] = value
            } else {
                throw .usage("unknown option --\(name)")
            }
        }
    }

    /// The directory holding `etc/` and `spool/`; the current directory by default.
    var root: String {
        let root = options["root"] ?? "."
        return root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// `etc/wasp.conf` under the root; a broken file fails the command with the file, line and key.
    func waspConfig() throws(CommandError) -> WaspConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .failed("\(root) is not a directory; --root names the directory holding etc/ and spool/")
        }
        do { return try WaspConfig.load(root: root) } catch { throw .failed(error.description) }
    }

    /// The spool `etc/wasp.conf` names.
    func spool() throws(CommandError) -> Spool {
        Spool(root: try waspConfig().spoolPath)
    }

    /// The tenant at `index`, or every tenant there is (configured, or with a spool directory) when there is none.
    func tenants(at index: Int, in spool: Spool) throws(CommandError) -> [TenantID] {
        if positionals.count > index { return [try knownTenant(at: index, in: spool)] }
        return Set(spool.tenants() + TenantConfigs(etc: root + "/etc", log: nil).tenants()).sorted()
    }

    /// The positional at `index` as a tenant that exists: it has a file in `etc/tenants/` (perhaps no orders yet)
    /// or a spool directory (perhaps its file was removed).
    func knownTenant(at index: Int, in spool: Spool) throws(CommandError) -> TenantID {
        let tenant = try tenant(at: index)
        let file = TenantConfig.path(etc: root + "/etc", tenant: tenant)
        guard FileManager.default.fileExists(atPath: file) || spool.isPrepared(tenant) else {
            throw .failed("no tenant \(tenant): \(file) does not exist; add it with 'wasp tenant add \(tenant) --email ADDRESS'")
        }
        return tenant
    }

    func positional(_ index: Int, _ name: String) throws(CommandError) -> String {
        guard positionals.count > index else { throw .usage("missing \(name)") }
        return positionals[index]
    }

    /// The positional at `index` as a tenant id, refused with the rule when it is not one.
    func tenant(at index: Int) throws(CommandError) -> TenantID {
        let text = try positional(index, "tenant id")
        guard let tenant = TenantID(text) else {
            throw .usage("'\(text)' is not a tenant id: 1 to 32 of a-z 0-9 _ -, starting with a letter or digit")
        }
        return tenant
    }

    /// Option `--name` as a whole number from `lowest` (1 unless said) to a billion, or `fallback` when it is not
    /// given. The ceiling leaves room for what the benches compute from it (ids, thread counts) without overflowing.
    func positiveInteger(_ name: String, default fallback: Int, lowest: Int = 1) throws(CommandError) -> Int {
        guard let text = options[name] else { return fallback }
        guard let number = Int(text), (lowest...1_000_000_000).contains(number) else {
            throw .usage("--\(name) takes a whole number from \(lowest) to 1000000000")
        }
        return number
    }

    func expectPositionals(_ count: Int) throws(CommandError) {
        if positionals.count > count { throw .usage("unexpected '\(positionals[count])'") }
    }
}

/// Why a command did not do its job: `usage` exits 2 and shows the command's help, `failed` exits 1.
enum CommandError: Error {
    case usage(String)
    case failed(String)
}
