import CloudStandIn
import Foundation
import Glibc
import Shopify
import PowerFSControl
import Spool
import Testing
import TestSupport

/// The sender on a file system that keeps only what was fsynced (`PowerFS`), against the Cloud API stand-in,
/// which like Meta outlives the cut.
@Suite(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
struct SenderPowerCutTests {
    static let token = "EAAG-power-token"

    /// Orders of three tenants flow from the intake through the scheduler to the sender with no delay, so the
    /// scheduler's release and the sender's claim of one file overlap: at no fsync of any directory may an
    /// accepted order be left without a durable name (the file system's detector counts each such moment).
    @Test func everyHandOffKeepsADurableName() throws {
        let disk = try PowerFS()
        let cloud = try CloudStandIn(phoneNumberID: "1065", token: Self.token, templates: ["order_confirmation": 2])
        defer { cloud.stop() }
        let root = try site(on: disk, cloud: cloud, tenants: ["shop0", "shop1", "shop2"], delay: "0s")
        let daemons = try ["scheduler", "sender", "intake"].map { try Wasp.start($0, root: root, readyWhen: $0 == "intake" ? " listening" : " running") }
        defer { daemons.forEach { $0.stop() } }
        let poster = WebhookPoster(port: daemons[2].port!, secret: "x")
        let ids = (1...45).map { UInt64(8000 + $0) }
        for id in ids {
            let response = try poster.post(SampleOrder.body(id: id, number: Int(id), phone: "+1 502 459 \(id)"),
                                           path: "/webhooks/shop\(id % 3)/orders/create")
            #expect(response.status == 200)
        }
        let spool = Spool(root: root.spool)
        #expect(eventually(timeout: 60) {
            ids.allSatisfy { spool.exists("\($0).json", tenant: TenantID("shop\($0 % 3)")!, in: .sent) }
        }, "\(daemons[1].log.suffix(5))")
        #expect(cloud.messages.count == ids.count)
        #expect(try disk.losses() == [])
    }

    /// Meta has taken the message and not yet answered when the power goes: the `.sending` mark must already be
    /// durable, so the order fails as "may have gone" after the restart instead of going a second time.
    @Test func aCloudMessageInFlightAtAPowerCutIsNotSentAgain() throws {
        let disk = try PowerFS()
        let cloud = try CloudStandIn(phoneNumberID: "1065", token: Self.token, templates: ["order_confirmation": 2])
        defer { cloud.stop() }
        cloud.answerAfter(30)
        let root = try site(on: disk, cloud: cloud, tenants: ["shop"], delay: "0s")
        let orders = try OrderFiles(root: root, tenant: "shop")
        try orders.add("7001", in: .ready)
        let sender = try Wasp.start("sender", root: root, readyWhen: "sender: running")
        #expect(eventually(timeout: 20) { cloud.requests == 1 }, "\(sender.log.suffix(5))")
        try disk.powerCut()
        cloud.answerAfter(0)
        let restarted = try Wasp.start("sender", root: root, readyWhen: "sender: running")
        defer { restarted.stop() }
        #expect(eventually(timeout: 20) { orders.names(.failed) == ["7001.json"] }, "\(restarted.log.suffix(5))")
        #expect(try orders.load("7001", in: .failed).attempts.last?.outcome == "may_have_gone")
        #expect(cloud.requests == 1, "sent again after the power cut")
    }

    /// A root whose spool is on `disk`, with Cloud API tenants that take any signed order (secret `x`).
    private func site(on disk: PowerFS, cloud: CloudStandIn, tenants: [String], delay: String) throws -> TemporaryRoot {
        let root = try TemporaryRoot(waspConf: ["cloud.api_url = \(cloud.url)", "cloud.timeout = 60s"])
        try disk.holdSpool(of: root)
        for tenant in tenants {
            try root.addTenant(tenant, lines: [
                "shopify.secret = x", "delay = \(delay)", "min_gap = 0", "provider = cloud", "cloud.phone_number_id = 1065",
                "cloud.token_file = shop.token", "cloud.template = order_confirmation", "cloud.language = en_US",
                "cloud.parameters = {customer_name}, {order_name}",
            ])
        }
        try (Self.token + "\n").write(toFile: root.path + "/etc/shop.token", atomically: true, encoding: .utf8)
        chmod(root.path + "/etc/shop.token", 0o600)
        return root
    }
}
