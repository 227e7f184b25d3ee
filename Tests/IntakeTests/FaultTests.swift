import Foundation
import Glibc
import Shopify
import Spool
import Testing
import TestSupport

@Suite(.serialized) struct FaultTests {
    @Test(.enabled(if: SmallFileSystem.canMount, "needs root to mount a read-only spool"))
    func readOnlySpoolAnswers503AndShowsNoHalfWrittenFile() throws {
        let harness = try IntakeHarness()
        try harness.spool.prepare(harness.tenant)
        let readOnly = try SmallFileSystem(readOnly: harness.root.spool)
        defer { withExtendedLifetime(readOnly) {} }
        let response = try harness.poster.post(SampleOrder.body(id: 81, number: 1081), path: "/webhooks/shop/orders/create")
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] != nil)
        #expect(harness.storedFiles().isEmpty)
        #expect(eventually { harness.intake.log.contains { $0.contains("status=503") && $0.contains("Read-only") } })
    }

    @Test(.enabled(if: SmallFileSystem.canMount, "needs root to mount a tiny file system"))
    func fullDiskAnswers503AndLeavesNothingBehind() throws {
        let scratch = try TemporaryRoot()
        let disk = try SmallFileSystem(size: "256k", at: scratch.path + "/small")
        let small = disk.path
        let harness = try IntakeHarness(waspConf: ["spool = \(small)/spool"])
        let body = SampleOrder.body(id: 91, number: 1091)
        #expect(try harness.poster.post(body, path: "/webhooks/shop/orders/create").status == 200)
        try disk.fill()
        let response = try harness.poster.post(SampleOrder.body(id: 92, number: 1092), path: "/webhooks/shop/orders/create")
        #expect(response.status == 503)
        let spool = Spool(root: small + "/spool")
        #expect(spool.list(harness.tenant, .incoming).map(\.name) == ["91.json"])
        #expect(spool.list(harness.tenant, .tmp).isEmpty)
        try disk.free()
        #expect(try harness.poster.post(SampleOrder.body(id: 92, number: 1092), path: "/webhooks/shop/orders/create").status == 200)
    }

    @Test func killedMidLoadEveryAcceptedOrderIsOnDiskAndParses() throws {
        let harness = try IntakeHarness()
        let accepted = AcceptedIDs()
        let group = DispatchGroup()
        for worker in 0..<8 {
            group.enter()
            let port = harness.port
            Thread {
                defer { group.leave() }
                let poster = WebhookPoster(port: port, secret: IntakeHarness.secret)
                for index in 0..<400 {
                    let id = UInt64(worker * 10_000 + index + 1)
                    guard let response = try? poster.post(SampleOrder.body(id: id, number: 1000 + index),
                                                          path: "/webhooks/shop/orders/create") else { return }
                    if response.status == 200 { accepted.add(String(id)) }
                }
            }.start()
        }
        Thread.sleep(forTimeInterval: 0.3)
        harness.intake.stop(signal: SIGKILL)
        group.wait()
        let ids = accepted.all
        #expect(ids.count > 0, "the load never got going before the kill")
        #expect(ids.count < 8 * 400, "the load finished before the kill, so the kill proved nothing")
        let stored = Set(harness.files(.incoming))
        for id in ids {
            #expect(stored.contains(id + ".json"), "order \(id) got 200 but is not on disk")
        }
        for name in stored {
            #expect(throws: Never.self) { try harness.order(String(name.dropLast(5))) }
        }
    }
}

final class AcceptedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    func add(_ id: String) {
        lock.withLock { ids.append(id) }
    }

    var all: [String] { lock.withLock { ids } }
}
