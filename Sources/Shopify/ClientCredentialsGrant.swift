import Foundation
import HTTP
import JSON
import Spool
import Synchronization

/// A Dev Dashboard app's token, minted with the client-credentials grant (`POST <shop>/admin/oauth/access_token`,
/// form-encoded `grant_type=client_credentials&client_id=…&client_secret=…`) and kept in this process's memory
/// only: no file holds it, so only the daemon calling Shopify ever has it. Renewed when 90 % of its lifetime
/// (about 24 h) has passed, and once more when Shopify answers 401 to it. The secret is read from its file at each
/// grant, so replacing the file rotates it.
public final class ClientCredentialsGrant: AdminCredential {
    /// What the grant was made from: a changed tenant file makes a new grant.
    public struct Source: Equatable, Sendable {
        public let tokenURL: String
        public let clientID: String
        public let secretFile: String

        public init(tokenURL: String, clientID: String, secretFile: String) {
            self.tokenURL = tokenURL
            self.clientID = clientID
            self.secretFile = secretFile
        }
    }

    struct Minted {
        let token: String
        let renewAt: Date
    }

    /// How much of a token's lifetime is used before a new one is asked for.
    static let renewalShare = 0.9
    /// Assumed when Shopify's answer gives no `expires_in`.
    static let assumedLifetime: TimeInterval = 24 * 3600

    public let source: Source
    private let timeout: TimeInterval
    private let minted = Mutex<Minted?>(nil)

    public init(_ source: Source, timeout: TimeInterval = 15) {
        self.source = source
        self.timeout = timeout
    }

    public func token(now: Date) -> Result<String, CredentialProblem> {
        if let current = minted.withLock({ $0 }), now < current.renewAt { return .success(current.token) }
        return mint(now: now).map { fresh in
            minted.withLock { $0 = fresh }
            return fresh.token
        }
    }

    public func refused(_ token: String) -> Bool {
        minted.withLock { if $0?.token == token { $0 = nil } }
        return true
    }

    private func mint(now: Date) -> Result<Minted, CredentialProblem> {
        let secret: String
        switch SecretFile.read(source.secretFile, sharedWithGroup: true) {
        case .failure(let problem): return .failure(CredentialProblem(answer: .tokenProblem(problem.description)))
        case .success(let text): secret = text
        }
        guard let endpoint = HTTPEndpoint(source.tokenURL) else {
            return .failure(CredentialProblem(answer: .tokenProblem("\(source.tokenURL) is not a URL wasp can reach")))
        }
        let form = FormFields.encode(["grant_type": "client_credentials", "client_id": source.clientID, "client_secret": secret])
        let response: HTTPClient.Response
        do throws(HTTPError) {
            response = try endpoint.connect(timeout: timeout).send(
                "POST", endpoint.path, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: Data(form.utf8))
        } catch {
            return .failure(CredentialProblem(answer: .retry("Shopify's token endpoint could not be reached (\(error.description))", after: nil)))
        }
        let json = JSONValue.parse(response.body) ?? .null
        switch response.status {
        case 200..<300:
            guard let token = json["access_token"].string, !token.isEmpty else {
                return .failure(CredentialProblem(answer: .retry("Shopify's token answer held no access_token", after: nil)))
            }
            let lifetime = json["expires_in"].double.flatMap { $0 > 0 ? $0 : nil } ?? Self.assumedLifetime
            return .success(Minted(token: token, renewAt: now.addingTimeInterval(lifetime * Self.renewalShare)))
        case 429, 500...:
            return .failure(CredentialProblem(answer: .retry("Shopify's token endpoint answered HTTP \(response.status)", after: nil)))
        default:
            let said = [json["error"].string, json["error_description"].string].compactMap { $0 }.joined(separator: ": ")
            return .failure(CredentialProblem(answer: .tokenProblem(
                "Shopify refused the client-credentials grant for shopify.client_id \(source.clientID) (HTTP \(response.status)"
                    + (said.isEmpty ? "" : ", \(said)") + "); the grant works only for a Dev Dashboard app the shop's own "
                    + "organization created and installed on the shop: check shopify.client_id, the secret in "
                    + "shopify.client_secret_file, and that the app is installed")))
        }
    }
}

extension ClientCredentialsGrant.Source {
    /// The grant a tenant's settings ask for; nil for a tenant with a token file, or with no way to the Admin API.
    public init?(_ settings: WritebackSettings) {
        guard settings.usesClientCredentials, let url = settings.tokenURL, let id = settings.clientID,
              let file = settings.clientSecretFile else { return nil }
        self.init(tokenURL: url, clientID: id, secretFile: file)
    }
}
