import Crypto
import Foundation

/// The names of the intake's duplicate markers in `seen/`: `webhook-<X-Shopify-Webhook-Id>` and
/// `event-<X-Shopify-Event-Id>`. An id that is not plain `[A-Za-z0-9_-]` of at most 100 characters becomes its
/// SHA-256, so whatever a header holds is safe as a file name.
public enum SeenMarker {
    public static func webhook(_ id: String?) -> String? {
        name("webhook-", id)
    }

    public static func event(_ id: String?) -> String? {
        name("event-", id)
    }

    private static func name(_ prefix: String, _ id: String?) -> String? {
        guard let id, !id.isEmpty else { return nil }
        let isPlain = id.count <= 100 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return prefix + (isPlain ? id : Digest.sha256Hex(Data(id.utf8)))
    }
}
