import Crypto
import Foundation
import HTTP
import JSON
import Spool
import Supervisor
import TestSupport

/// A running `wasp dashboard` on a scratch root with two tenants, `alpha` and `beta`, and orders put straight
/// into the spool as the other daemons would.
final class DashboardHarness: @unchecked Sendable {
    static let passwords = ["alpha": "alpha-password-1", "beta": "beta-password-2"]
    let root: TemporaryRoot
    private(set) var dashboard: DaemonProcess
    let alpha = TenantID("alpha")!
    let beta = TenantID("beta")!

    /// `passwordHash` hashes the tenants' passwords: cheaply by default, at real cost where a test is about the
    /// cost of checking them.
    init(waspConf: [String] = [], passwordHash: (String) -> PasswordHash = { PasswordHash.make(password: $0, logN: 8) }) throws {
        root = try TemporaryRoot(waspConf: ["public_url = https://wasp.example.com"] + waspConf)
        for (tenant, password) in Self.passwords {
            try root.addTenant(tenant, lines: ["email = \(tenant)@example.com", "shopify.secret = secret-\(tenant)",
                                               "password = \(passwordHash(password).encoded)",
                                               "timezone = Australia/Sydney"])
            try Spool(root: root.spool).prepare(TenantID(tenant)!)
        }
        dashboard = try Wasp.start("dashboard", root: root)
    }

    deinit {
        _ = dashboard.stop()
    }

    var spool: Spool { Spool(root: root.spool) }
    var port: UInt16 { dashboard.port! }

    /// Stops and starts the dashboard on the same port, as a page would find it again.
    func restart() throws {
        let conf = root.path + "/etc/wasp.conf"
        try String(contentsOfFile: conf, encoding: .utf8)
            .replacingOccurrences(of: "dashboard.listen = 127.0.0.1:0", with: "dashboard.listen = 127.0.0.1:\(port)")
            .write(toFile: conf, atomically: true, encoding: .utf8)
        _ = dashboard.stop()
        dashboard = try Wasp.start("dashboard", root: root)
    }

    /// Writes an order file into `state`, as the pipeline leaves it.
    @discardableResult
    func put(_ id: String, tenant: TenantID, in state: SpoolDirectory = .incoming, customer: String = "Jane Doe",
             received: Date = Date(), _ change: (inout OrderRecord) -> Void = { _ in }) throws -> OrderRecord {
        var order = OrderRecord.sample(tenant: tenant, id: id, received: received)
        order.customer.name = customer
        change(&order)
        try spool.saveOrder(order, tenant: tenant, in: state, modified: Date())
        return order
    }

    /// Waits until the dashboard's index lists order `id` in `status` (the spool follower works from inotify).
    func waitUntilListed(_ id: String, tenant: TenantID, status: String = "pending") throws {
        let token = try token(tenant.rawValue)
        let listed = eventually(timeout: 5) {
            let page = try? self.get("/api/v1/admin/orders?status=" + status, token: token)
            return page.map { JSONValue.parse($0.body)?["orders"].array.contains { $0["order_id"].string == id } == true } ?? false
        }
        if !listed { throw POSIXError(.ETIMEDOUT) }
    }

    func move(_ id: String, tenant: TenantID, from source: SpoolDirectory, to target: SpoolDirectory) throws {
        try spool.move(id + ".json", tenant: tenant, from: source, to: target)
    }

    func client() throws -> HTTPClient { try HTTPClient(host: "127.0.0.1", port: port) }

    func get(_ target: String, token: String? = nil, cookie: String? = nil) throws -> HTTPClient.Response {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if let cookie { headers.append(("Cookie", "wasp_session=" + cookie)) }
        return try client().send("GET", target, headers: headers)
    }

    /// An open event stream on the session `cookie`, from `forwardedFor` as a trusted proxy would name the client.
    func stream(cookie: String, forwardedFor: String? = nil) throws -> HTTPClient {
        let client = try client()
        var headers = [("Cookie", "wasp_session=" + cookie)]
        if let forwardedFor { headers.append(("X-Forwarded-For", forwardedFor)) }
        let answer = try client.send("GET", "/events", headers: headers)
        guard answer.status == 200, answer.headers["Content-Type"] == "text/event-stream" else {
            throw HTTPError.connectionLost("/events answered \(answer.status)")
        }
        return client
    }

    /// The next `order` event's fields on `stream`; nil when none comes within 5 seconds.
    func nextOrder(_ stream: HTTPClient) throws -> JSONValue? {
        while let event = try stream.nextEvent(timeout: 5) {
            if event.name == "order" { return JSONValue.parse(Data(event.data.utf8)) }
        }
        return nil
    }

    /// True when the server ends `stream` within 5 seconds, before any order event reaches it.
    func endsBeforeAnOrder(_ stream: HTTPClient) -> Bool {
        do {
            while let event = try stream.nextEvent(timeout: 5) {
                if event.name == "order" { return false }
            }
            return false
        } catch {
            return true
        }
    }

    /// `POST /api/v1/auth/login`'s answer.
    func apiLogin(_ tenant: String, password: String? = nil) throws -> HTTPClient.Response {
        let body = "{\"email\": \"\(tenant)@example.com\", \"password\": \"\(password ?? Self.passwords[tenant]!)\"}"
        return try client().send("POST", "/api/v1/auth/login", headers: [("Content-Type", "application/json")],
                                 body: Data(body.utf8))
    }

    func token(_ tenant: String) throws -> String {
        let answer = try apiLogin(tenant)
        guard answer.status == 200, let token = JSONValue.parse(answer.body)?["access_token"].string else {
            throw POSIXError(.EACCES)
        }
        return token
    }

    /// Logs in through the form; the session cookie's value.
    func cookie(_ tenant: String) throws -> String {
        let answer = try formLogin(email: tenant + "@example.com", password: Self.passwords[tenant]!)
        guard answer.status == 303, let cookie = answer.headers["Set-Cookie"],
              let value = cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last else {
            throw POSIXError(.EACCES)
        }
        return String(value)
    }

    func formLogin(email: String, password: String) throws -> HTTPClient.Response {
        let body = "email=" + email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            + "&password=" + password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return try client().send("POST", "/login", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                 body: Data(body.utf8))
    }
}
