import Foundation
import Glibc
import Shopify
import Spool
import TestSupport

/// Three shards side by side, `a`, `b` and `c`, each a temporary root (so at a path of its own) named as its `root`
/// in `etc/shards`: `wasp shard move` copies between them with a local rsync and runs `wasp` there directly, with
/// no HAProxy and no ssh. Tenant `shop` is on `a` with a Cloud API token, an app secret and an Admin API token;
/// tenant `other` on `a` shares the app secret (one Meta app for the agency). `a`'s `shard.publish` copies its map
/// to `b` and `c`, as the fleet's would to every host.
struct ShardTrio {
    static let secret = "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"
    let a: TemporaryRoot
    let b: TemporaryRoot
    let c: TemporaryRoot
    let shop = TenantID("shop")!

    /// `absoluteToken`: `cloud.token_file` names its file by its absolute path under `a`, not relative to `etc/`.
    /// `publishFailures`: how many times `shard.publish` fails (as when the HAProxy host is down) before it works.
    init(absoluteToken: Bool = false, publishFailures: Int = 0) throws {
        a = try TemporaryRoot(waspConf: ["shard.name = a"])
        let conf = a.path + "/etc/wasp.conf"
        try (String(contentsOfFile: conf, encoding: .utf8) + "\nshard.publish = sh '\(a.path)/publish.sh'\n").write(toFile: conf, atomically: true, encoding: .utf8)
        b = try TemporaryRoot(waspConf: ["shard.name = b"])
        c = try TemporaryRoot(waspConf: ["shard.name = c"])
        let shards = [("a", a), ("b", b), ("c", c)].enumerated().map { "\($1.0) 127.0.0.\($0 + 2) \($1.1.path)\n" }.joined()
        for root in [a, b, c] {
            try shards.write(toFile: root.path + "/etc/" + ShardMap.shardsFile, atomically: true, encoding: .utf8)
            try "shop a\nother a\n".write(toFile: root.path + "/etc/" + ShardMap.tenantsFile, atomically: true, encoding: .utf8)
        }
        try FileManager.default.copyItem(atPath: Paths.package + "/etc/backup.exclude", toPath: a.path + "/etc/backup.exclude")
        for secret in ["shop.token", "shop.admin-token", "agency.app-secret", "other.token"] { try addSecret(secret) }
        let cloud = ["shopify.secret = \(Self.secret)", "provider = cloud", "cloud.phone_number_id = 106540352242922",
                     "cloud.template = order_confirmation", "cloud.language = en_US", "cloud.app_secret_file = secrets/agency.app-secret"]
        try a.addTenant("shop", lines: cloud + [
            "cloud.token_file = " + (absoluteToken ? a.path + "/etc/secrets/shop.token" : "secrets/shop.token"),
            "shopify.admin_token_file = secrets/shop.admin-token",
        ])
        try a.addTenant("other", lines: cloud + ["cloud.token_file = secrets/other.token"])
        try OrderFiles(root: a, tenant: "shop").add("1001", due: Date().addingTimeInterval(3600))
        try """
            if [ "$(ls '\(a.path)'/publish.failed.* 2>/dev/null | wc -l)" -lt \(publishFailures) ]; then
                touch '\(a.path)'/publish.failed.$$; echo 'lb: connection refused' >&2; exit 1
            fi
            for etc in '\(b.path)/etc' '\(c.path)/etc'; do
                cp "$WASP_TENANT_SHARDS" "$etc/tenant-shards.new" && mv "$etc/tenant-shards.new" "$etc/tenant-shards" || exit 1
            done

            """.write(toFile: a.path + "/publish.sh", atomically: true, encoding: .utf8)
    }

    private func addSecret(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: a.path + "/etc/secrets", withIntermediateDirectories: true)
        let path = a.path + "/etc/secrets/" + name
        try "secret-of-\(name)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
    }

    /// `wasp shard move shop --to <shard>` on `a`.
    func move(to shard: String, wait: Int = 1) throws -> Wasp.Outcome {
        try Wasp.run(["shard", "move", "shop", "--to", shard, "--wait", String(wait), "--root", a.path])
    }

    /// The move to `b`, while a Shopify stand-in posts orders to `b`'s own intake until one is taken: `b` takes the
    /// tenant's webhooks only once the map it reads says so, which is what the move waits for.
    func moveToBWhileShopifyPosts() throws -> (status: Int32, output: String, answers: [Int]) {
        let intake = try Wasp.start("intake", root: b)
        let poster = WebhookPoster(port: intake.port!, secret: Self.secret)
        let move = Process()
        move.executableURL = URL(fileURLWithPath: Paths.wasp)
        move.arguments = ["shard", "move", "shop", "--to", "b", "--wait", "60", "--root", a.path]
        let output = a.path + "/move.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        move.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        move.standardError = move.standardOutput
        try move.run()
        var answers: [Int] = []
        var order: UInt64 = 2001
        while move.isRunning {
            if answers.last != 200 {
                let status = (try? poster.post(SampleOrder.body(id: order, number: Int(order)), path: "/webhooks/shop/orders/create"))?.status
                answers.append(status ?? -1)
                order += 1
            }
            usleep(200_000)
        }
        move.waitUntilExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return (move.terminationStatus, text, answers)
    }

    func exists(_ root: TemporaryRoot, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.path + "/" + path)
    }

    func text(_ root: TemporaryRoot, _ path: String) -> String {
        (try? String(contentsOfFile: root.path + "/" + path, encoding: .utf8)) ?? ""
    }

    /// The map's line for `shop` on that root.
    func line(_ root: TemporaryRoot) -> String {
        text(root, "etc/" + ShardMap.tenantsFile).split(separator: "\n").first { $0.hasPrefix("shop ") }.map(String.init) ?? ""
    }
}
