import Foundation
import Spool
import Synchronization

/// What Shopify says of the API version it served a tenant (`X-Shopify-API-Version`, and
/// `X-Shopify-API-Deprecated-Reason`), logged once per change: a retired version is served by the oldest one still
/// supported, so a tenant file left behind keeps working until that one retires too.
public final class APIVersionWatch: Sendable {
    private let tenant: TenantID
    private let log: Log?
    /// The last notice logged ("" while Shopify serves what was asked for without complaint).
    private let last = Mutex("")

    /// `log`: nil to only keep the notice (`wasp doctor` prints it).
    public init(tenant: TenantID, log: Log?) {
        self.tenant = tenant
        self.log = log
    }

    /// What to do about the version Shopify last served, or "" when it served the one asked for without complaint.
    public var notice: String { last.withLock { $0 } }

    func note(requested: String, served: String?, deprecation: String?) {
        let newest = WritebackSettings.newestAPIVersion
        let advice = "set shopify.api_version = \(requested == newest ? served ?? newest : newest) in etc/tenants/\(tenant).conf"
        var notice = ""
        if let served, !served.isEmpty, served != requested {
            notice = "Shopify serves Admin API version \(served), not the requested \(requested); \(advice)"
        }
        if let deprecation, !deprecation.isEmpty {
            notice += (notice.isEmpty ? "" : "; ") + "Shopify reports a deprecation (\(deprecation)); \(advice), or update wasp"
        }
        let previous = last.withLock { last in
            defer { last = notice }
            return last
        }
        guard notice != previous else { return }
        if notice.isEmpty {
            log?.event("Shopify serves the requested API version again", tenant: tenant, ["version": requested])
        } else {
            log?.event("Shopify API version needs attention", tenant: tenant,
                      ["requested": requested, "served": served ?? "unknown", "problem": notice])
        }
    }
}
