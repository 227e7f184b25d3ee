import Foundation
import HTTP
import Processes
import Shopify
import Spool
import Supervisor
import Synchronization

/// `wasp bench intake`: a real intake process on loopback under load, against the disk's own durable-write rate.
public struct IntakeBench {
    let orders: Int
    let connections: Int
    let directory: String
    /// `intake.workers` for the intake under load; nil leaves the default.
    let workers: Int?

    public init(orders: Int, connections: Int, directory: String, workers: Int? = nil) {
        self.orders = orders
        self.connections = connections
        self.directory = directory
        self.workers = workers
    }

    public func run() throws {
        let root = try Self.makeRoot(directory: directory, maxConnections: max(256, connections * 2),
                                     extra: workers.map { "intake.workers = \($0)\n" } ?? "")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let executable = Spawn.ownExecutable
        let intake = try DaemonProcess(executable: executable, arguments: ["intake", "--root", root])
        Thread.sleep(forTimeInterval: 0.5)
        let idle = intake.memory()
        print("intake: start to listening \(String(format: "%.1f", intake.startupSeconds * 1000)) ms, idle RSS \(idle.residentKiB / 1024) MiB")
        let cpuBefore = intake.cpuSeconds()
        let load = try runLoad(port: intake.port ?? 0)
        let cpuPerOrder = (intake.cpuSeconds() - cpuBefore) / Double(orders)
        let loaded = intake.memory()
        intake.stop()
        let stored = Spool(root: root + "/spool").list(TenantID("bench")!, .incoming)
        let fileSize = stored.first?.size ?? 2048
        print("load: \(orders) orders over \(connections) keep-alive connections in \(String(format: "%.2f", load.seconds)) s")
        print(String(format: "  accepted %.0f orders/s, errors %d, files in incoming/ %d", Double(load.accepted) / load.seconds,
                     load.errors, stored.count))
        print("  latency " + LatencySummary(load.latencies).line)
        print(String(format: "  intake CPU %.2f ms per order, peak RSS %d MiB", cpuPerOrder * 1000, loaded.peakKiB / 1024))
        let reference = try durableWriteRate(root: root, fileSize: fileSize)
        print(String(format: "disk: %.0f durable writes/s (single thread: %d-byte tmp write, fsync, link, directory fsync)",
                     reference, fileSize))
        print(String(format: "ratio: intake accepted/s ÷ durable writes/s = %.2f", Double(load.accepted) / load.seconds / reference))
    }

    /// A scratch root under `directory` with tenant `bench` (secret `bench-secret`) and an intake on any free port.
    static func makeRoot(directory: String, maxConnections: Int, extra: String = "") throws -> String {
        let root = directory + "/wasp-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: root + "/etc/tenants", withIntermediateDirectories: true)
        try ("intake.listen = 127.0.0.1:0\nintake.max_connections = \(maxConnections)\n" + extra)
            .write(toFile: root + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        try "shopify.secret = bench-secret\ndelay = 1h\n"
            .write(toFile: root + "/etc/tenants/bench.conf", atomically: true, encoding: .utf8)
        return root
    }

    struct LoadResult {
        var accepted = 0
        var errors = 0
        var latencies: [Double] = []
        var seconds = 0.0
    }

    private func runLoad(port: UInt16) throws -> LoadResult {
        let result = Mutex(LoadResult())
        let group = DispatchGroup()
        let base = UInt64(Date().timeIntervalSince1970) * 1_000_000
        let shares = (0..<connections).map { connection in
            let first = base + UInt64(connection) * 100_000
            return (0..<(orders / connections + (connection < orders % connections ? 1 : 0))).map { index in
                SignedOrder(id: first + UInt64(index), number: 1000 + index)
            }
        }
        let started = Date()
        for share in shares {
            group.enter()
            Thread {
                let partial = Self.post(share, port: port)
                result.withLock {
                    $0.accepted += partial.accepted
                    $0.errors += partial.errors
                    $0.latencies += partial.latencies
                }
                group.leave()
            }.start()
        }
        group.wait()
        return result.withLock {
            $0.seconds = Date().timeIntervalSince(started)
            return $0
        }
    }

    /// A signed orders/create delivery, made before the clock starts: the bench's client shares the CPU with the
    /// intake, and building and signing a body is its work, not the intake's.
    struct SignedOrder: Sendable {
        let body: Data
        let headers: [(String, String)]

        init(id: UInt64, number: Int) {
            body = SampleOrder.body(id: id, number: number)
            headers = [("X-Shopify-Topic", "orders/create"),
                       ("X-Shopify-Hmac-Sha256", WebhookSignature.sign(body, secret: "bench-secret")),
                       ("X-Shopify-Webhook-Id", "bench-\(id)")]
        }
    }

    /// Posts `orders` on one keep-alive connection, opening a new one after an error.
    static func post(_ orders: [SignedOrder], port: UInt16) -> LoadResult {
        var result = LoadResult()
        var client = try? HTTPClient(host: "127.0.0.1", port: port)
        for order in orders {
            let start = Date()
            if client == nil { client = try? HTTPClient(host: "127.0.0.1", port: port) }
            let response = try? client?.send("POST", "/webhooks/bench/orders/create", headers: order.headers, body: order.body)
            result.latencies.append(Date().timeIntervalSince(start))
            if response?.status == 200 {
                result.accepted += 1
            } else {
                result.errors += 1
                client = nil
            }
        }
        return result
    }

    /// The physical reference: one thread doing the spool's durable write for files of the same size.
    private func durableWriteRate(root: String, fileSize: Int) throws -> Double {
        let spool = Spool(root: root + "/spool")
        let tenant = TenantID("reference")!
        try spool.prepare(tenant)
        let contents = Data(repeating: UInt8(ascii: "x"), count: fileSize)
        let count = min(orders, 2000)
        let started = Date()
        for index in 0..<count {
            try spool.deposit(contents, tenant: tenant, into: .incoming, name: "\(index).json")
        }
        return Double(count) / Date().timeIntervalSince(started)
    }
}
