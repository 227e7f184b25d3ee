import Crypto
import Foundation
import Glibc
import HTTP
import JSON
import Processes
import Spool
import Supervisor

/// `wasp bench dashboard`: a real dashboard process over one tenant with N orders spread over every state and
/// the last 60 days: latency of the first orders page, a deep page and the stats; the time from a rename in the
/// spool to the Server-Sent Event; memory with 100 live connections open.
public struct DashboardBench {
    static let password = "bench-password"
    static let states: [(SpoolDirectory, Int)] = [
        (.incoming, 10), (.ready, 2), (.active, 1), (.deferred, 3), (.hold, 1), (.sent, 50), (.cancelled, 10),
        (.delivered, 19), (.failed, 4),
    ]
    let orders: Int
    let rounds: Int
    let directory: String
    let tenant = TenantID("bench")!

    public init(orders: Int, rounds: Int, directory: String) {
        self.orders = orders
        self.rounds = rounds
        self.directory = directory
    }

    public func run() throws {
        let root = directory + "/wasp-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spool = Spool(root: root + "/spool")
        try makeRoot(root, spool: spool)
        let written = Date()
        try writeOrders(spool)
        print(String(format: "setup: %d orders written in %.1f s (without fsync)", orders, Date().timeIntervalSince(written)))
        let executable = Spawn.ownExecutable
        let started = Date()
        let dashboard = try DaemonProcess(executable: executable, arguments: ["dashboard", "--root", root])
        defer { _ = dashboard.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: dashboard.port!)
        let token = try logIn(client)
        try waitUntilIndexed(client, token: token)
        print(String(format: "index: every order listed and its day read %.1f s after the start", Date().timeIntervalSince(started)))
        let cookie = [("Cookie", "wasp_session=" + token)]
        let deepPage = orders / 50 / 2
        for (name, target) in [("first orders page", "/orders"), ("deep page \(deepPage)", "/orders?page=\(deepPage)"),
                               ("stats (API)", "/api/v1/admin/stats"), ("stats (Analytics tab)", "/analytics")] {
            let summary = try time(rounds) { _ = try client.send("GET", target, headers: cookie) }
            print("\(name): \(summary.line)")
        }
        try measureEvents(spool, port: dashboard.port!, cookie: cookie)
        try measureMemory(dashboard, cookie: cookie)
    }

    private func makeRoot(_ root: String, spool: Spool) throws {
        try FileManager.default.createDirectory(atPath: root + "/etc/tenants", withIntermediateDirectories: true)
        try "dashboard.listen = 127.0.0.1:0\n".write(toFile: root + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        let lines = ["email = bench@example.com", "shopify.secret = bench-secret",
                     "password = " + PasswordHash.make(password: Self.password, logN: 10).encoded]
        try (lines.joined(separator: "\n") + "\n").write(toFile: TenantConfig.path(etc: root + "/etc", tenant: tenant),
                                                         atomically: true, encoding: .utf8)
        try spool.prepare(tenant)
    }

    private func writeOrders(_ spool: Spool) throws {
        let now = Date()
        let cycle = Self.states.flatMap { Array(repeating: $0.0, count: $0.1) }
        for index in 0..<orders {
            let id = String(4_000_000_000_000 + index)
            let received = now.addingTimeInterval(-Double(orders - index) / Double(orders) * 60 * 86400)
            let state = cycle[index % cycle.count]
            let record = OrderRecord.sample(tenant: tenant, id: id, received: received)
            try record.encoded().write(to: URL(fileURLWithPath: spool.path(tenant, state, id + ".json")))
        }
    }

    private func logIn(_ client: HTTPClient) throws -> String {
        let body = Data("{\"email\": \"bench@example.com\", \"password\": \"\(Self.password)\"}".utf8)
        let answer = try client.send("POST", "/api/v1/auth/login", body: body)
        guard let token = JSONValue.parse(answer.body)?["access_token"].string else {
            throw BenchError("login failed: \(answer.status) \(answer.text)")
        }
        return token
    }

    private func waitUntilIndexed(_ client: HTTPClient, token: String) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let stats = JSONValue.parse(try client.send("GET", "/api/v1/admin/stats", headers: [("Authorization", "Bearer " + token)]).body)
            if stats?["total"] == .number(String(orders)), stats?["uncounted"] == 0 { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw BenchError("the dashboard did not index \(orders) orders in 10 minutes")
    }

    private func time(_ count: Int, _ request: () throws -> Void) throws -> LatencySummary {
        var seconds: [Double] = []
        for _ in 0..<count {
            let start = Date()
            try request()
            seconds.append(Date().timeIntervalSince(start))
        }
        return LatencySummary(seconds)
    }

    /// Renames pending orders from incoming/ to ready/, as the scheduler does, and times each event's arrival.
    private func measureEvents(_ spool: Spool, port: UInt16, cookie: [(String, String)]) throws {
        let events = try HTTPClient(host: "127.0.0.1", port: port)
        _ = try events.send("GET", "/events", headers: cookie)
        Thread.sleep(forTimeInterval: 0.2)
        let names = spool.list(tenant, .incoming).map(\.name).prefix(rounds)
        var seconds: [Double] = []
        for name in names {
            let start = Date()
            guard rename(spool.path(tenant, .incoming, name), spool.path(tenant, .ready, name)) == 0 else {
                throw BenchError("cannot rename \(name)")
            }
            while let event = try events.nextEvent(timeout: 5) {
                if event.data.contains(String(name.dropLast(5))) { break }
            }
            seconds.append(Date().timeIntervalSince(start))
        }
        print("rename to event (\(seconds.count) renames): \(LatencySummary(seconds).line)")
    }

    private func measureMemory(_ dashboard: DaemonProcess, cookie: [(String, String)]) throws {
        let idle = dashboard.memory().residentKiB
        let streams = try (0..<100).map { _ in
            let client = try HTTPClient(host: "127.0.0.1", port: dashboard.port!)
            _ = try client.send("GET", "/events", headers: cookie)
            return client
        }
        Thread.sleep(forTimeInterval: 1)
        let memory = dashboard.memory()
        print("memory: RSS \(idle / 1024) MiB before, \(memory.residentKiB / 1024) MiB with \(streams.count) live connections open; "
              + "peak RSS \(memory.peakKiB / 1024) MiB")
        withExtendedLifetime(streams) {}
    }
}
