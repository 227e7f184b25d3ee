import Foundation
import Glibc
import Shopify
import Spool
import Testing
import TestSupport

/// Mounting needs root, as CI and `make test` on a fresh machine have.
let canMount = geteuid() == 0

private func mount(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/mount")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw POSIXError(.EPERM) }
}

private func unmount(_ path: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/umount")
    process.arguments = ["-l", path]
    try? process.run()
    process.waitUntilExit()
}

@Suite(.serialized) struct FaultTests {
    @Test(.enabled(if: canMount, "needs root to mount a read-only spool"))
    func readOnlySpoolAnswers503AndShowsNoHalfWrittenFile() throws {
        let harness = try IntakeHarness()
        try harness.spool.prepare(harness.tenant)
        try mount(["--bind", harness.root.spool, harness.root.spool])
        defer { unmount(harness.root.spool) }
        try mount(["-o", "remount,bind,ro", harness.root.spool])
        let response = try harness.poster.post(SampleOrder.body(id: 81, number: 1081), path: "/webhooks/shop/orders/create")
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] != nil)
        #expect(harness.storedFiles().isEmpty)
        #expect(harness.intake.log.contains { $0.contains("status=503") && $0.contains("Read-only") })
    }

    @Test(.enabled(if: canMount, "needs root to mount a tiny file system"))
    func fullDiskAnswers503AndLeavesNothingBehind() throws {
        let scratch = try TemporaryRoot()
        let small = scratch.path + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        try mount(["-t", "tmpfs", "-o", "size=256k", "tmpfs", small])
        defer { unmount(small) }
        let harness = try IntakeHarness(waspConf: ["spool = \(small)/spool"])
        let body = SampleOrder.body(id: 91, number: 1091)
        #expect(try harness.poster.post(body, path: "/webhooks/shop/orders/create").status == 200)
        let filler = FileManager.default.createFile(atPath: small + "/filler", contents: nil)
        #expect(filler)
        let handle = try #require(FileHandle(forWritingAtPath: small + "/filler"))
        while (try? handle.write(contentsOf: Data(count: 4096))) != nil {}
        try? handle.close()
        let response = try harness.poster.post(SampleOrder.body(id: 92, number: 1092), path: "/webhooks/shop/orders/create")
        #expect(response.status == 503)
        let spool = Spool(root: small + "/spool")
        #expect(spool.list(harness.tenant, .incoming).map(\.name) == ["91.json"])
        #expect(spool.list(harness.tenant, .tmp).isEmpty)
        try FileManager.default.removeItem(atPath: small + "/filler")
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
