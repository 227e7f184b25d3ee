import Foundation
import Spool

/// Where a tenant's Admin API token comes from: a file holding a legacy admin app's `shpat_` token, or a token
/// minted from a Dev Dashboard app's client ID and secret. Chosen once, where the tenant's configuration is read.
public protocol AdminCredential: Sendable {
    /// The token to send now, or what to do about having none.
    func token(now: Date) -> Result<String, CredentialProblem>
    /// Shopify answered 401 to `token`: true when forgetting it and asking again may give one Shopify takes.
    func refused(_ token: String) -> Bool
}

/// Why a credential has no token: what the writeback does about it (wait and retry, or pause the tenant).
public struct CredentialProblem: Error, Sendable {
    public let answer: AdminAnswer
}
