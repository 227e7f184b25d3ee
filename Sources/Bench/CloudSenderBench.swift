import Foundation
import Glibc
import Processes
import Spool
import Supervisor

/// `wasp bench sender --provider cloud`: a real `wasp sender` with 10 Cloud API tenants against the Cloud API
/// stand-in answering at once, pacing off; `orders` orders (each to its own customer) placed in `ready/` at once.
/// Prints messages per second, ready→sent latency, and the sender's RSS: what wasp itself costs, under Meta's rates.
public struct CloudSenderBench {
    static let tenantCount = 10
    let orders: Int
    let directory: String

    public init(orders: Int, directory: String) {
        self.orders = orders
        self.directory = directory
    }

    public func run() throws {
        let root = directory + "/wasp-bench-cloud-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let executable = Spawn.ownExecutable
        let cloud = try LocalService.cloudAPI(beside: executable, token: "bench-token")
        defer { cloud.stop() }
        let spool = Spool(root: root + "/spool")
        let tenants = try makeRoot(root, spool: spool, apiURL: cloud.url)
        var placed: [(TenantID, String, Date)] = []
        for index in 0..<orders {
            let tenant = tenants[index % tenants.count]
            let id = String(4_000_000 + index)
            var record = OrderRecord.sample(tenant: tenant, id: id)
            record.phone.e164 = "+1555" + String(format: "%07d", index)
            try spool.deposit(record.encoded(), tenant: tenant, into: .ready, name: id + ".json")
            placed.append((tenant, id + ".json", Date()))
        }
        let started = Date()
        let sender = try DaemonProcess(executable: executable, arguments: ["sender", "--root", root], readyWhen: "sender: running")
        let deadline = Date().addingTimeInterval(600)
        // The spool first: the stand-in's list is fetched only once every order is in sent/, so polling it costs
        // the sender under measurement no CPU.
        while try placed.contains(where: { !spool.exists($0.1, tenant: $0.0, in: .sent) }) || cloud.messages().count < orders {
            guard Date() < deadline else { throw BenchError("not all \(orders) orders were sent within 10 minutes") }
            usleep(20_000)
        }
        let elapsed = Date().timeIntervalSince(started)
        let memory = sender.memory()
        sender.stop()
        let latencies = placed.compactMap { tenant, name, at in spool.entry(name, tenant: tenant, in: .sent).map { $0.changed.timeIntervalSince(at) } }
        print(String(format: "cloud: %d orders across %d tenants sent in %.2f s from the sender's start: %.0f messages/s",
                     orders, tenants.count, elapsed, Double(orders) / elapsed))
        print("ready→sent (orders all placed before the start): \(LatencySummary(latencies).line)")
        print("sender RSS \(memory.residentKiB / 1024) MiB, peak \(memory.peakKiB / 1024) MiB; messages at the stand-in: \(try cloud.messages().count)")
    }

    /// A tenant file's lines for the Cloud API stand-in's number (1065) and template.
    static func providerLines(tokenFile: String) -> String {
        """
        provider = cloud
        cloud.phone_number_id = 1065
        cloud.token_file = \(tokenFile)
        cloud.template = order_confirmation
        cloud.language = en_US
        cloud.parameters = {customer_name}, {order_name}

        """
    }

    private func makeRoot(_ root: String, spool: Spool, apiURL: String) throws -> [TenantID] {
        try FileManager.default.createDirectory(atPath: root + "/etc/tenants", withIntermediateDirectories: true)
        try "cloud.api_url = \(apiURL)\nsender.max_browsers = \(Self.tenantCount)\n"
            .write(toFile: root + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        try "bench-token\n".write(toFile: root + "/etc/bench.token", atomically: true, encoding: .utf8)
        chmod(root + "/etc/bench.token", 0o600)
        return try (0..<Self.tenantCount).map { index in
            let tenant = TenantID("cloud\(index)")!
            try """
                shopify.secret = bench-secret
                min_gap = 0
                daily_cap = 1000000

                """.appending(Self.providerLines(tokenFile: "bench.token"))
                .write(toFile: TenantConfig.path(etc: root + "/etc", tenant: tenant), atomically: true, encoding: .utf8)
            try spool.prepare(tenant)
            return tenant
        }
    }
}
