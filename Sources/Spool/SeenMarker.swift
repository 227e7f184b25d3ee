import Crypto
import Foundation

/// The names of the intake's duplicate markers in `seen/`: `webhook-<X-Shopify-Webhook-Id>` and
/// `event-<X-Shopify-Event-Id>`. An id that is not plain `[A-Za-z0-9_-]` of at most 100 characters becomes its
/// SHA-256, so whatever a header holds is safe as a file name.
public enum SeenMarker {
    private static let webhookPrefix = "webhook-", eventPrefix = "event-"

    public static func webhook(_ id: String?) -> String? {
        name(webhookPrefix, id)
    }

    public static func event(_ id: String?) -> String? {
        name(eventPrefix, id)
    }

    /// True for a marker a webhook delivery left (not, say, reconciliation's `reconcile-cancel-<id>`).
    public static func isDelivery(_ name: String) -> Bool {
        name.hasPrefix(webhookPrefix) || name.hasPrefix(eventPrefix)
    }

    private static func name(_ prefix: String, _ id: String?) -> String? {
        guard let id, !id.isEmpty else { return nil }
        let isPlain = id.count <= 100 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return prefix + (isPlain ? id : Digest.sha256Hex(Data(id.utf8)))
    }
}
