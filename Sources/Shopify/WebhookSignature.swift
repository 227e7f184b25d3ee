import Crypto
import Foundation

/// `X-Shopify-Hmac-Sha256`: base64(HMAC-SHA256(secret, raw body)). Always over the raw bytes as received:
/// Shopify escapes `/` as `\/`, so re-serialised JSON would not verify.
public enum WebhookSignature {
    public static func sign(_ body: Data, secret: String) -> String {
        Data(Digest.hmacSHA256(key: Data(secret.utf8), message: body)).base64EncodedString()
    }

    /// True when `header` is the signature of `body` under any of `secrets` (several during a key rotation).
    public static func isValid(_ header: String?, body: Data, secrets: [String]) -> Bool {
        guard let header, let claimed = Data(base64Encoded: header.trimmingCharacters(in: .whitespaces)) else {
            return false
        }
        var matched = false
        for secret in secrets {
            let expected = Digest.hmacSHA256(key: Data(secret.utf8), message: body)
            matched = Digest.constantTimeEqual(expected, Array(claimed)) || matched
        }
        return matched
    }
}
