import Foundation
import HTTP
import JSON
import Spool

extension Dashboard {
    func formLogin(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? request.readBody(limit: Self.maxBodyBytes) else {
            return HTML.response(413, LoginPage.render(problem: "The form is too large."))
        }
        let fields = FormFields.parse(String(decoding: body, as: UTF8.self))
        let email = fields["email"] ?? ""
        switch signIn.attempt(email: email, password: fields["password"] ?? "", address: remoteHost(request)) {
        case .signedIn(let tenant, let token):
            return misdirected(tenant, api: false) ?? Self.redirect("/orders", cookie: sessionCookie(token, maxAge: signIn.lifetime))
        case .refused(let problem):
            return HTML.response(401, LoginPage.render(problem: problem, email: email))
        case .throttled(let problem, let retryAfter):
            var response = HTML.response(429, LoginPage.render(problem: problem, email: email))
            response.headers.add("Retry-After", String(Int(retryAfter)))
            return response
        }
    }

    /// Clears the browser's cookie only; for a session whose tenant is gone, which no token can reach any more.
    func logout() -> HTTPResponse {
        Self.redirect("/login", cookie: sessionCookie("", maxAge: 0))
    }

    /// Ends the tenant's sessions on the server too, so a copied cookie or bearer token is refused from now on.
    func logout(everywhere tenant: TenantID) -> HTTPResponse {
        do {
            try signIn.signOut(tenant)
        } catch {
            log.event("logout failed; wasp fsck --repair makes etc/dashboard/ for the dashboard", tenant: tenant,
                      ["error": "\(error)"])
            // The path stays in the operator's log: the merchant only needs to know the session still stands.
            var response = HTML.response(500, HTML.document(title: "Not signed out", body: "<main><p>Your session could not be "
                + "ended on the server, so it may still work elsewhere. The operator has been told.</p></main>"))
            response.headers.add("Set-Cookie", sessionCookie("", maxAge: 0))
            return response
        }
        return logout()
    }

    /// `POST /api/v1/auth/login` with `{"email", "password"}`, as the old system's scripts call it.
    func apiLogin(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? request.readBody(limit: Self.maxBodyBytes), let fields = JSONValue.parse(body),
              let email = fields["email"].string, let password = fields["password"].string else {
            return Self.apiError(400, "send JSON: {\"email\": ..., \"password\": ...}")
        }
        switch signIn.attempt(email: email, password: password, address: remoteHost(request)) {
        case .signedIn(let tenant, let token):
            return misdirected(tenant, api: true) ?? Self.json(200, ["access_token": .string(token), "token_type": "bearer",
                                   "expires_in": .number(String(Int(signIn.lifetime)))])
        case .refused(let problem):
            return Self.apiError(401, problem)
        case .throttled(let problem, let retryAfter):
            var response = Self.apiError(429, problem)
            response.headers.add("Retry-After", String(Int(retryAfter)))
            return response
        }
    }
}
