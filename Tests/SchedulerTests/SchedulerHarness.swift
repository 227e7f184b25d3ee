import Foundation
import Spool
import Supervisor
import TestSupport

/// A scratch root with one tenant, `shop`, and a running `wasp scheduler` (and `wasp intake` when asked).
final class SchedulerHarness: @unchecked Sendable {
    static let secret = "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"
    let root: TemporaryRoot
    let orders: OrderFiles
    private(set) var scheduler: DaemonProcess?
    private(set) var intake: DaemonProcess?
    /// What schedulers killed earlier said, so a test can look at everything every scheduler did.
    private var earlierLogs: [String] = []

    init(waspConf: [String] = [], tenantLines: [String] = [], startScheduler: Bool = true, withIntake: Bool = false) throws {
        root = try TemporaryRoot(waspConf: waspConf)
        try root.addTenant("shop", lines: ["email = shop@example.com", "shopify.secret = \(Self.secret)"] + tenantLines)
        orders = try OrderFiles(root: root, tenant: "shop")
        if withIntake { intake = try Wasp.start("intake", root: root) }
        if startScheduler { try start() }
    }

    func start() throws {
        scheduler = try Wasp.start("scheduler", root: root, readyWhen: " running")
    }

    func kill() {
        scheduler?.stop(signal: SIGKILL)
        earlierLogs += scheduler?.log ?? []
        scheduler = nil
    }

    /// Kills the intake as a crash would and starts a new one (on a new port, which `poster` follows).
    func restartIntake() throws {
        intake?.stop(signal: SIGKILL)
        intake = try Wasp.start("intake", root: root)
    }

    var poster: WebhookPoster { WebhookPoster(port: intake!.port!, secret: Self.secret) }
    var log: [String] { scheduler?.log ?? [] }
    var logOfEveryScheduler: [String] { earlierLogs + log }

    /// Posts a fixture or body as Shopify would, expecting 200.
    func post(_ body: Data, topic: String) throws {
        let response = try poster.post(body, path: "/webhooks/shop/\(topic)", topic: topic)
        guard response.status == 200 else { throw POSIXError(.EPROTO) }
    }

    func post(fixture: String, topic: String) throws {
        try post(Paths.fixture(fixture), topic: topic)
    }

    /// Posts a JSON object given as text.
    func post(json: String, topic: String) throws {
        try post(Data(json.utf8), topic: topic)
    }
}
