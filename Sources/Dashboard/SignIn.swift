import Crypto
import Foundation
import Spool

/// Checks an email and password against the tenants' files, with the login throttle in front.
struct SignIn: Sendable {
    enum Result {
        case signedIn(TenantID, token: String)
        case refused(String)
        case throttled(String, retryAfter: TimeInterval)
    }

    let tenants: TenantConfigs
    let keys: SessionKeys
    let generations: SessionGenerations
    let throttle: LoginThrottle
    let lifetime: TimeInterval
    let log: Log
    /// Two checks at a time keep a flood of logins to a few dozen MiB; one at the default cost takes tens of
    /// milliseconds, so a sign-in waiting its turn is seldom refused.
    let passwordChecks = PasswordChecks(atOnce: 2, patience: 2)

    /// A hash no password matches, checked for an unknown email so that answer takes as long as a wrong password.
    private static let decoy = PasswordHash.make(password: Digest.randomHex(byteCount: 16), logN: 14)

    func attempt(email typed: String, password: String, address: String) -> Result {
        // One spelling for the throttle and the lookup: blanks or capitals that still find the account must not
        // make it a fresh one to the throttle.
        let email = typed.trimmingCharacters(in: .whitespaces).lowercased()
        let reservation: LoginThrottle.Reservation
        switch throttle.admit(address: address, account: email) {
        case .counted(let counted):
            reservation = counted
        case .refused(let wait):
            log.event("login throttled", ["address": address, "account": email])
            let minutes = Int((wait / 60).rounded(.up))
            return .throttled("Too many failed logins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                              retryAfter: wait.rounded(.up))
        }
        let account = self.account(email: email)
        let hash = account?.passwordHash.flatMap(PasswordHash.init(encoded:))
        guard let matches = passwordChecks.run({ (hash ?? Self.decoy).matches(password) }) else {
            throttle.forgive(reservation)
            log.event("login busy", ["address": address, "account": email])
            return .throttled("Too many sign-ins at once, try again in a few seconds.", retryAfter: 3)
        }
        guard matches, let account, let encoded = account.passwordHash else {
            log.event("login refused", ["address": address, "account": email])
            return .refused("Wrong email or password.")
        }
        throttle.forgive(reservation)
        log.event("login", tenant: account.tenant, ["address": address])
        return .signedIn(account.tenant, token: keys.issue(tenant: account.tenant, standing: standing(account.tenant, passwordHash: encoded),
                                                        lifetime: lifetime))
    }

    /// The tenant whose session or API token this is, if it is still good.
    func tenant(token: String) -> TenantID? {
        keys.verify(token) { tenant in account(of: tenant)?.passwordHash.map { standing(tenant, passwordHash: $0) } }
    }

    /// Ends every session of `tenant`, wherever it is open.
    func signOut(_ tenant: TenantID) throws(SpoolError) {
        try generations.bump(tenant)
        log.event("logout", tenant: tenant)
    }

    private func standing(_ tenant: TenantID, passwordHash: String) -> SessionKeys.Standing {
        SessionKeys.Standing(passwordHash: passwordHash, generation: generations.generation(of: tenant))
    }

    /// Who may sign in: from the tenant's configuration, or, for a file that never parsed, from the lines of it
    /// that can be read, so that a typo by the operator never looks to the merchant like a wrong password.
    private struct Account {
        let tenant: TenantID
        let email: String?
        let passwordHash: String?
    }

    private func account(of tenant: TenantID) -> Account? {
        switch tenants.lookup(tenant) {
        case .found(let config): return Account(tenant: tenant, email: config.email, passwordHash: config.passwordHash)
        case .broken:
            let details = tenants.signInDetails(tenant)
            return Account(tenant: tenant, email: details.email, passwordHash: details.passwordHash)
        case .unknownTenant: return nil
        }
    }

    /// The tenant whose email this is; `email` is trimmed and lower-case.
    private func account(email wanted: String) -> Account? {
        guard !wanted.isEmpty else { return nil }
        return tenants.tenants().lazy.compactMap(account(of:)).first { $0.email?.lowercased() == wanted }
    }
}
