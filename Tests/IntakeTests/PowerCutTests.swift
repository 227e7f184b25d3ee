import Foundation
import Shopify
import PowerFSControl
import Spool
import Supervisor
import Testing
import TestSupport

/// The intake on a file system that keeps only what was fsynced (`PowerFS`).
@Suite(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
struct IntakePowerCutTests {
    /// Shopify sends an order again (another webhook id) when the first delivery was slow. The duplicate is
    /// answered 200 only after an fsync of the directory it found the order in: the first delivery may still
    /// be waiting for its own, and a 200 stops Shopify's retries while a power cut could still take the order.
    @Test func aDuplicateIsAnsweredOnlyOnceWhatItDuplicatesIsDurable() throws {
        let (disk, root, intake) = try site()
        defer { intake.stop() }
        let poster = WebhookPoster(port: intake.port!, secret: IntakeHarness.secret)
        let body = SampleOrder.body(id: 4001, number: 1001)
        #expect(try poster.post(body, path: "/webhooks/shop/orders/create").status == 200)
        let before = try disk.stats().fsyncs
        let duplicate = try poster.post(body, path: "/webhooks/shop/orders/create")
        #expect(duplicate.status == 200 && duplicate.text.contains("accepted"))
        #expect(try disk.stats().fsyncs > before, "the duplicate was answered without an fsync")
        try disk.powerCut()
        #expect(Spool(root: root.spool).state(of: OrderID("4001")!, tenant: TenantID("shop")!) == .incoming)
        #expect(try disk.stats().losses == 0)
    }

    /// Orders, then a cut at once: every order that got its 200 is there after it, with its data.
    @Test func everyAcceptedOrderOutlivesAPowerCut() throws {
        let (disk, root, intake) = try site()
        defer { intake.stop() }
        let poster = WebhookPoster(port: intake.port!, secret: IntakeHarness.secret)
        let ids = (1...20).map { UInt64(5000 + $0) }
        for id in ids {
            #expect(try poster.post(SampleOrder.body(id: id, number: Int(id)), path: "/webhooks/shop/orders/create").status == 200)
        }
        try disk.powerCut()
        let spool = Spool(root: root.spool)
        for id in ids {
            let order = try spool.loadOrder(OrderID(String(id))!, tenant: TenantID("shop")!, in: .incoming)
            #expect(order.orderID == String(id))
        }
    }

    /// A root whose spool is on a fresh `PowerFS`, and its intake.
    private func site() throws -> (PowerFS, TemporaryRoot, DaemonProcess) {
        let disk = try PowerFS()
        let root = try TemporaryRoot()
        try disk.holdSpool(of: root)
        try root.addTenant("shop", lines: ["shopify.secret = \(IntakeHarness.secret)", "delay = 1h"])
        return (disk, root, try Wasp.start("intake", root: root))
    }
}
