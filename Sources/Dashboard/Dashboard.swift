import Foundation
import HTTP
import JSON
import Spool

/// `wasp dashboard`'s answers: the login, the three tabs, the live events and the old system's JSON API. Every
/// route after the login works on the tenant of the session or token, never on a tenant named in the URL.
public final class Dashboard: Sendable {
    static let cookieName = "wasp_session"
    /// The largest body any route reads (the login form and its JSON twin); the server refuses more unread.
    static let maxBodyBytes = 16 * 1024
    let spool: Spool
    let tenants: TenantConfigs
    let index: OrderIndex
    let feed: LiveFeed
    let signIn: SignIn
    let publicURL: String
    /// `public_url`'s origin (`https://wasp.example.com`), which browsers name behind a proxy that rewrote `Host`.
    let publicOrigin: String?
    let trustedProxies: Set<String>
    let shards: ShardPlacement
    let log: Log

    public init(config: WaspConfig, spool: Spool, tenants: TenantConfigs, keys: SessionKeys, index: OrderIndex,
                feed: LiveFeed, throttle: LoginThrottle, log: Log) {
        shards = ShardPlacement(name: config.shardName, etc: tenants.etc, log: log)
        self.spool = spool
        self.tenants = tenants
        self.index = index
        self.feed = feed
        publicURL = config.publicURL
        publicOrigin = Self.origin(of: config.publicURL)
        trustedProxies = config.dashboardTrustedProxies
        self.log = log
        signIn = SignIn(tenants: tenants, keys: keys, generations: SessionGenerations(etc: tenants.etc), throttle: throttle, lifetime: config.dashboardSessionLifetime, log: log)
    }

    public func respond(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        switch (request.method, path) {
        case ("GET", "/login"): return HTML.response(200, LoginPage.render())
        case ("POST", "/login"): return isSameSite(request) ? formLogin(request) : crossSite()
        case ("POST", "/api/v1/auth/login"): return apiLogin(request)
        case ("GET", _) where path.hasPrefix("/static/"): return Assets.response(path.dropFirst(8)) ?? notFound()
        default: break
        }
        if path.hasPrefix("/api/") {
            guard let tenant = authenticated(request) else { return Self.apiError(401, "not signed in, or the token expired") }
            return misdirected(tenant, api: true) ?? api(request, tenant: tenant)
        }
        guard let tenant = authenticated(request) else {
            return request.method == "GET" ? Self.redirect("/login") : HTML.response(401, LoginPage.render(problem: "Please log in."))
        }
        if request.method == "POST" && !isSameSite(request) { return crossSite() }
        return misdirected(tenant, api: false) ?? page(request, tenant: tenant)
    }

    /// 421 for a tenant the shard map places on another shard (HAProxy sent it here by mistake, or it moved):
    /// nothing of it is shown here.
    func misdirected(_ tenant: TenantID, api: Bool) -> HTTPResponse? {
        guard case .elsewhere(let shard) = shards.verdict(for: tenant) else { return nil }
        log.event("refused status=421 served by another shard", tenant: tenant, ["shard": shard.name])
        let words = "Your shop is served by another wasp server (\(shard.name)); open the dashboard through your shop's link."
        return api ? Self.apiError(421, words)
            : HTML.response(421, HTML.document(title: "Another server", body: "<main><p>\(words)</p></main>"))
    }

    /// The tenant of the `Authorization: Bearer` token, or else of the session cookie.
    func authenticated(_ request: HTTPRequest) -> TenantID? {
        if let authorization = request.headers["Authorization"] {
            guard authorization.lowercased().hasPrefix("bearer ") else { return nil }
            return signIn.tenant(token: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        }
        return Self.cookie(Self.cookieName, in: request).flatMap(signIn.tenant(token:))
    }

    /// A browser says where a form was posted from; anything but our own pages is refused (SameSite=Strict is
    /// the first guard, this the second). Clients that send neither header (curl, scripts) are not browsers.
    /// Our own pages are the `Host` asked for, `public_url`'s origin, and the host a trusted proxy forwards.
    private func isSameSite(_ request: HTTPRequest) -> Bool {
        if let site = request.headers["Sec-Fetch-Site"], site != "same-origin", site != "none" { return false }
        guard let origin = request.headers["Origin"]?.lowercased() else { return true }
        if origin == publicOrigin { return true }
        var hosts = [request.headers["Host"]]
        if trustedProxies.contains(peer(request)) { hosts.append(request.headers["X-Forwarded-Host"]) }
        return hosts.compactMap { $0?.lowercased() }.contains { origin == "http://" + $0 || origin == "https://" + $0 }
    }

    /// `scheme://host[:port]` of `url`, lower-case, as a browser's `Origin` header spells it.
    static func origin(of url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host, !host.isEmpty else { return nil }
        return (scheme + "://" + host + (parts.port.map { ":\($0)" } ?? "")).lowercased()
    }

    private func crossSite() -> HTTPResponse {
        HTML.response(403, HTML.document(title: "Refused", body: "<main><p>This form may only be sent from the dashboard itself.</p></main>"))
    }

    func notFound() -> HTTPResponse {
        HTML.response(404, HTML.document(title: "Not found", body: "<main><p>No such page. <a href=\"/orders\">Orders</a></p></main>"))
    }

    static func redirect(_ location: String, cookie: String? = nil) -> HTTPResponse {
        var response = HTTPResponse(status: 303, headers: HTTPHeaders([("Location", location)]))
        if let cookie { response.headers.add("Set-Cookie", cookie) }
        return response
    }

    static func cookie(_ name: String, in request: HTTPRequest) -> String? {
        for field in request.headers where field.name.lowercased() == "cookie" {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name { return String(parts[1]) }
            }
        }
        return nil
    }

    /// The session cookie: HttpOnly so scripts never see it, SameSite=Strict so other sites never send it,
    /// Secure when the dashboard is served over https.
    func sessionCookie(_ token: String, maxAge: TimeInterval) -> String {
        Self.cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(maxAge))"
            + (publicURL.lowercased().hasPrefix("https:") ? "; Secure" : "")
    }

    /// The client's address, for the login throttle: behind a TLS proxy (`dashboard.trusted_proxies`) every
    /// connection comes from the proxy, which names the client last in X-Forwarded-For; the entries before it
    /// are the client's to forge.
    func remoteHost(_ request: HTTPRequest) -> String {
        let peer = peer(request)
        guard trustedProxies.contains(peer), let forwarded = request.headers["X-Forwarded-For"],
              let client = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !client.isEmpty
        else { return peer }
        return client
    }

    /// The address the connection comes from, without its port.
    private func peer(_ request: HTTPRequest) -> String {
        let address = request.remoteAddress
        return address.lastIndex(of: ":").map { String(address[..<$0]) } ?? address
    }

    static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json"), ("Cache-Control", "no-store")]),
                     body: Data(value.serialized.utf8))
    }

    /// FastAPI's error shape, as the old system answered: `{"detail": "..."}`.
    static func apiError(_ status: Int, _ detail: String) -> HTTPResponse {
        var response = json(status, ["detail": .string(detail)])
        if status == 401 { response.headers.add("WWW-Authenticate", "Bearer") }
        return response
    }
}
