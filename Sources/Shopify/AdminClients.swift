import Foundation
import Spool
import Synchronization

/// Each tenant's Admin API client in one daemon, kept across passes: a Dev Dashboard app's grant mints its token
/// once a day rather than once a request, and the served API version is logged once per change, not once a call.
public final class AdminClients: Sendable {
    private struct Kept {
        var grants: [TenantID: ClientCredentialsGrant] = [:]
        var watches: [TenantID: APIVersionWatch] = [:]
    }

    private let log: Log
    private let kept = Mutex(Kept())

    public init(log: Log) {
        self.log = log
    }

    /// The tenant's client; nil when its file gives wasp no way to the Admin API (no token file, no client ID with
    /// a secret file, or no admin URL).
    public func admin(for tenant: TenantID, _ settings: WritebackSettings) -> ShopifyAdmin? {
        guard let url = settings.adminURL, let credential = credential(for: tenant, settings) else { return nil }
        let watch = kept.withLock { kept in
            if let watch = kept.watches[tenant] { return watch }
            let watch = APIVersionWatch(tenant: tenant, log: log)
            kept.watches[tenant] = watch
            return watch
        }
        return ShopifyAdmin(url: url, credential: credential, versionWatch: watch)
    }

    /// The tenant's grant, kept while its tenant file names the same app; else its token file.
    private func credential(for tenant: TenantID, _ settings: WritebackSettings) -> (any AdminCredential)? {
        guard settings.usesClientCredentials, let url = settings.tokenURL, let id = settings.clientID,
              let file = settings.clientSecretFile else {
            kept.withLock { $0.grants[tenant] = nil }
            return settings.tokenFile.map(TokenFileCredential.init(path:))
        }
        let source = ClientCredentialsGrant.Source(tokenURL: url, clientID: id, secretFile: file)
        return kept.withLock { kept in
            if let grant = kept.grants[tenant], grant.source == source { return grant }
            let grant = ClientCredentialsGrant(source)
            kept.grants[tenant] = grant
            return grant
        }
    }
}
