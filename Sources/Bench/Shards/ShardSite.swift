import Admin
import Foundation
import Glibc
import HTTP
import Spool
import Supervisor

/// 'wasp help shards' on one machine: N whole wasps side by side, each with its own root under its own `wasp up`,
/// listening on its own loopback address (127.0.0.2, .3, ...), and HAProxy in front on 127.0.0.1 with the shipped
/// `etc/haproxy/haproxy.cfg` and what `wasp shard map` writes. Every shard's `shard.publish` copies the map to
/// the others, rewrites HAProxy's and reloads it, as a fleet's would over ssh.
final class ShardSite: @unchecked Sendable {
    struct Shard {
        let name: String
        let address: String
        let root: String
        var spool: Spool { Spool(root: root + "/spool") }
    }

    let directory: String
    let shards: [Shard]
    let webTenants: [TenantID]
    let cloudTenants: [TenantID]
    let haproxyPort: UInt16
    private let settings: ShardBench.Settings
    private let lock = NSLock()
    private var ups: [String: DaemonProcess] = [:]
    private var haproxy: Process?

    var haproxyDirectory: String { directory + "/haproxy" }

    init(_ settings: ShardBench.Settings, webURL: String, cloudURL: String) throws {
        self.settings = settings
        let directory = settings.directory + "/wasp-shards-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.directory = directory
        shards = (0..<settings.shards).map { index in
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index)))
            return Shard(name: name, address: "127.0.0.\(index + 2)", root: directory + "/" + name)
        }
        webTenants = (0..<settings.webTenants).map { TenantID("web\($0)")! }
        cloudTenants = (0..<(settings.tenants - settings.webTenants)).map { TenantID("cloud\($0)")! }
        haproxyPort = closedLoopbackPort()
        try write(webURL: webURL, cloudURL: cloudURL, intakePort: closedLoopbackPort(), dashboardPort: closedLoopbackPort())
    }

    /// Tenants in turn over the shards, the WhatsApp Web ones first, so each shard has one.
    var placement: [TenantID: Shard] {
        Dictionary(uniqueKeysWithValues: (webTenants + cloudTenants).enumerated().map { ($1, shards[$0 % shards.count]) })
    }

    private func write(webURL: String, cloudURL: String, intakePort: UInt16, dashboardPort: UInt16) throws {
        let shardLines = shards.map { "\($0.name) \($0.address) \($0.root)\n" }.joined()
        let tenantLines = placement.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value.name)\n" }.joined()
        for shard in shards {
            let etc = shard.root + "/etc"
            try FileManager.default.createDirectory(atPath: etc + "/tenants", withIntermediateDirectories: true)
            for file in ["whatsapp-web.selectors", "backup.exclude"] {
                try FileManager.default.copyItem(atPath: settings.etc + "/" + file, toPath: etc + "/" + file)
            }
            try """
                shard.name = \(shard.name)
                shard.publish = \(directory)/publish.sh
                intake.listen = \(shard.address):\(intakePort)
                dashboard.listen = \(shard.address):\(dashboardPort)
                whatsapp.web_url = \(webURL)
                cloud.api_url = \(cloudURL)
                sender.max_browsers = 4

                """.write(toFile: etc + "/wasp.conf", atomically: true, encoding: .utf8)
            try shardLines.write(toFile: etc + "/" + ShardMap.shardsFile, atomically: true, encoding: .utf8)
            try tenantLines.write(toFile: etc + "/" + ShardMap.tenantsFile, atomically: true, encoding: .utf8)
            try "soak-token\n".write(toFile: etc + "/soak.token", atomically: true, encoding: .utf8)
            chmod(etc + "/soak.token", 0o600)
        }
        let common = "shopify.secret = \(SoakShop.secret)\ndelay = \(Int(settings.delay))s\nmin_gap = 0\ndaily_cap = 1000000\n"
        for (tenant, shard) in placement {
            let lines = common + (cloudTenants.contains(tenant) ? CloudSenderBench.providerLines(tokenFile: "soak.token") : "")
            try lines.write(toFile: TenantConfig.path(etc: shard.root + "/etc", tenant: tenant), atomically: true, encoding: .utf8)
            try shard.spool.prepare(tenant)
        }
        try FileManager.default.createDirectory(atPath: haproxyDirectory, withIntermediateDirectories: true)
        try haproxyConfig().write(toFile: haproxyDirectory + "/haproxy.cfg", atomically: true, encoding: .utf8)
        let publish = """
            #!/bin/sh
            # shard.publish of every shard: this map to the others, then HAProxy's map rewritten and reloaded.
            set -e
            for etc in \(shards.map { $0.root + "/etc" }.joined(separator: " ")); do
                if [ "$WASP_TENANT_SHARDS" != "$etc/\(ShardMap.tenantsFile)" ]; then
                    cp "$WASP_TENANT_SHARDS" "$etc/\(ShardMap.tenantsFile).new"
                    mv "$etc/\(ShardMap.tenantsFile).new" "$etc/\(ShardMap.tenantsFile)"
                fi
            done
            '\(settings.executable)' shard map --dir '\(haproxyDirectory)' --root '\(shards[0].root)' > /dev/null
            kill -USR2 "$(cat '\(haproxyDirectory)/haproxy.pid')"

            """
        try publish.write(toFile: directory + "/publish.sh", atomically: true, encoding: .utf8)
        chmod(directory + "/publish.sh", 0o755)
    }

    /// The shipped configuration with this site's address, map and socket put in.
    private func haproxyConfig() throws -> String {
        var text = try String(contentsOfFile: settings.etc + "/haproxy/haproxy.cfg", encoding: .utf8)
        for (shipped, here) in [("bind :443 ssl crt /etc/haproxy/certs/wasp.pem", "bind 127.0.0.1:\(haproxyPort)"),
                                ("/etc/haproxy/wasp/", haproxyDirectory + "/"),
                                ("stats socket /run/haproxy/admin.sock", "stats socket \(haproxyDirectory)/admin.sock"),
                                ("log stdout format raw local0", "log stderr format raw local0 notice")] {
            guard text.contains(shipped) else { throw BenchError("etc/haproxy/haproxy.cfg no longer has '\(shipped)'") }
            text = text.replacingOccurrences(of: shipped, with: here)
        }
        return text
    }

    /// Every shard's `wasp up`, then HAProxy with the map `wasp shard map` writes.
    func start() throws {
        for shard in shards { try start(shard) }
        let (status, output) = try BackupCopy.run(settings.executable, ["shard", "map", "--dir", haproxyDirectory, "--root", shards[0].root])
        guard status == 0 else { throw BenchError("wasp shard map: \(output)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/haproxy")
        process.arguments = ["-W", "-db", "-p", haproxyDirectory + "/haproxy.pid",
                             "-f", haproxyDirectory + "/haproxy.cfg", "-f", haproxyDirectory + "/" + HAProxyFiles.backendsFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { haproxy = process }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && (try? HTTPClient(host: "127.0.0.1", port: haproxyPort, timeout: 1).send("GET", "/healthz"))?.status != 200 {
            usleep(100_000)
        }
    }

    func start(_ shard: Shard) throws {
        let up = try DaemonProcess(executable: settings.executable, arguments: ["up", "--root", shard.root],
                                   readyWhen: "intake: listening", timeout: 30)
        lock.withLock { ups[shard.name] = up }
    }

    /// Stops a shard's `wasp up` (SIGTERM: every daemon stops cleanly).
    func stop(_ shard: Shard) {
        let up = lock.withLock { ups.removeValue(forKey: shard.name) }
        _ = up?.stop()
    }

    /// Stops everything; keeps the directory (with each `wasp up`'s log) when asked or when the run was not clean.
    func tearDown(keep: Bool, progress: (String) -> Void) {
        let (all, proxy) = lock.withLock { (ups, haproxy) }
        for (name, up) in all {
            _ = up.stop()
            if keep { try? up.log.joined(separator: "\n").write(toFile: directory + "/\(name).log", atomically: false, encoding: .utf8) }
        }
        proxy?.terminate()
        proxy?.waitUntilExit()
        if keep {
            progress("shards: the site is kept at \(directory)")
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// The shard the map names for `tenant` now (every shard's map is the same once published).
    func shard(of tenant: TenantID) -> Shard? {
        guard let map = try? ShardMap.load(etc: shards[0].root + "/etc"), let name = map.tenants[tenant]?.shard else { return nil }
        return shards.first { $0.name == name }
    }
}
