import Foundation
import Spool

/// `shopify.admin_token_file`: read at each use, so replacing the file rotates the token. The writeback's tags and
/// the intake's reconciliation both use it, so its group may read it too.
public struct TokenFileCredential: AdminCredential {
    let path: String

    public init(path: String) {
        self.path = path
    }

    public func token(now: Date) -> Result<String, CredentialProblem> {
        SecretFile.read(path, sharedWithGroup: true).mapError { CredentialProblem(answer: .tokenProblem($0.description)) }
    }

    public func refused(_ token: String) -> Bool { false }
}
