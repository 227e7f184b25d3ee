import Foundation
import Spool

/// Says a change of a tenant's feed condition once: a log line, `spool/<t>/intake/feed-alert` (which `wasp status`
/// and the dashboard's banner show), `alert.command`, and, when something went wrong, a request that the writeback
/// re-check the tenant's webhook subscriptions.
struct FeedAlarm {
    let spool: Spool
    let alertCommand: AlertCommand?
    let log: Log

    /// Writes `now`'s condition where it differs from the one in force (the file's, which outlives a restart).
    func announce(_ now: FeedCondition, tenant: TenantID) {
        let before = spool.feedCondition(tenant)
        guard now != before else { return }
        do {
            // A spool from before `intake/` gets it here, as a webhook's store would give it.
            if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
            try spool.setFeedCondition(now, tenant: tenant)
            if now.state != before.state && now.state != "shopify-ok" { try spool.requestSubscriptionCheck(tenant) }
        } catch {
            log.repeating("cannot write the Shopify feed alert", tenant: tenant, ["error": error.description])
            return
        }
        guard now.state != before.state else { return }
        if let sentence = now.sentence {
            log.event("Shopify feed needs attention", tenant: tenant, ["state": now.state, "problem": sentence])
        } else {
            log.event("Shopify feed is back: webhooks arrive again", tenant: tenant, ["state": now.state])
        }
        alertCommand?.run(tenant: tenant, state: now.state, reason: now.sentence ?? "webhooks from Shopify arrive again")
    }
}
