import Foundation
import Spool
import Supervisor
import TestSupport

/// A running `wasp intake` on a scratch root with one tenant, `shop`, signing with `secret`.
final class IntakeHarness: @unchecked Sendable {
    static let secret = "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"
    let root: TemporaryRoot
    let intake: DaemonProcess
    let tenant = TenantID("shop")!

    /// `beforeStart` writes what the intake must find at its start (it looks at the shard map, say, at once).
    init(waspConf: [String] = [], tenantLines: [String] = ["delay = 2s"], beforeStart: (TemporaryRoot) throws -> Void = { _ in }) throws {
        root = try TemporaryRoot(waspConf: waspConf)
        try root.addTenant("shop", lines: ["email = shop@example.com", "shopify.secret = \(Self.secret)"] + tenantLines)
        try beforeStart(root)
        intake = try Wasp.start("intake", root: root)
    }

    var port: UInt16 { intake.port! }
    var poster: WebhookPoster { WebhookPoster(port: port, secret: Self.secret) }
    var spool: Spool { Spool(root: root.spool) }

    func files(_ directory: SpoolDirectory) -> [String] {
        spool.list(tenant, directory).map(\.name).sorted()
    }

    /// Files anywhere in the spool outside `tmp/` and `seen/`.
    func storedFiles() -> [String] {
        root.files(under: "spool").filter { !$0.contains("/tmp/") && !$0.contains("/seen/") }
    }

    func order(_ id: String, in directory: SpoolDirectory = .incoming) throws -> OrderRecord {
        try OrderRecord.decode(Data(contentsOf: URL(fileURLWithPath: spool.path(tenant, directory, id + ".json"))))
    }
}
