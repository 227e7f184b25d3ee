import Foundation
import HTTP
import Processes
import Supervisor

/// `wasp bench hostile`: a real intake holding floods of idle connections and of slow clients that send a byte a
/// second, while a good client posts signed orders, each on a new connection; then what idle connections cost.
public struct HostileBench {
    let idle: Int
    let slow: Int
    let orders: Int
    let parked: Int
    let directory: String

    public init(idle: Int, slow: Int, orders: Int, parked: Int, directory: String) {
        self.idle = idle
        self.slow = slow
        self.orders = orders
        self.parked = parked
        self.directory = directory
    }

    public func run() throws {
        let limit = DescriptorLimit.raise()
        guard limit > parked + idle + slow + 100 else {
            throw BenchError("this process may open \(limit) descriptors, too few for \(parked) idle connections")
        }
        let root = try IntakeBench.makeRoot(directory: directory, maxConnections: parked + idle + slow + 1000)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let executable = Spawn.ownExecutable
        let intake = try DaemonProcess(executable: executable, arguments: ["intake", "--root", root])
        let port = intake.port ?? 0
        print("quiet: " + goodClient(port: port, firstID: 1_000_000).line)
        let before = intake.memory().residentKiB
        let held = try (0..<parked).map { _ in try HTTPClient(host: "127.0.0.1", port: port) }
        Thread.sleep(forTimeInterval: 1)
        let after = intake.memory().residentKiB
        print(String(format: "%d idle connections: intake RSS %d → %d MiB, %.1f MiB for all, %.2f KiB each", held.count,
                     before / 1024, after / 1024, Double(after - before) / 1024, Double(after - before) / Double(held.count)))
        withExtendedLifetime(held) {}
        try withFlood(port: port) {
            print("with \(idle) idle and \(slow) slow connections open: " + goodClient(port: port, firstID: 2_000_000).line)
        }
        intake.stop()
    }

    /// Opens the idle and slow connections, keeps the slow ones dripping a byte a second while `body` runs.
    private func withFlood(port: UInt16, _ body: () -> Void) throws {
        let idlers = try (0..<idle).map { _ in try HTTPClient(host: "127.0.0.1", port: port) }
        let drippers = SlowClients(try (0..<slow).map { _ in try HTTPClient(host: "127.0.0.1", port: port) })
        drippers.send("POST /webhooks/bench/orders/create HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        let dripping = Thread {
            while !Thread.current.isCancelled {
                drippers.send("a")
                Thread.sleep(forTimeInterval: 1)
            }
        }
        dripping.start()
        body()
        dripping.cancel()
        withExtendedLifetime(idlers) {}
    }

    /// Connections that send their request a byte at a time; after the first bytes only the dripping thread uses them.
    private final class SlowClients: @unchecked Sendable {
        let clients: [HTTPClient]

        init(_ clients: [HTTPClient]) {
            self.clients = clients
        }

        func send(_ text: String) {
            clients.forEach { $0.sendRaw(Data(text.utf8)) }
        }
    }

    private struct Outcome {
        let latencies: [Double]
        let failures: Int

        var line: String {
            "\(latencies.count) signed orders, each on a new connection: \(LatencySummary(latencies).line), "
                + "not answered 200: \(failures)"
        }
    }

    private func goodClient(port: UInt16, firstID: UInt64) -> Outcome {
        var latencies: [Double] = []
        var failures = 0
        for index in 0..<orders {
            let result = IntakeBench.post([IntakeBench.SignedOrder(id: firstID + UInt64(index), number: 1000)], port: port)
            latencies += result.latencies
            failures += result.errors
        }
        return Outcome(latencies: latencies, failures: failures)
    }
}
