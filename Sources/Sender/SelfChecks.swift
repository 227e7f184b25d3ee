import Chromium
import Foundation
import Spool
import WhatsApp

/// The live self-check of a tenant's WhatsApp Web (issue 23.5): after a link, on a browser's first use and every
/// `sender.self_check_every`, the page is checked against `etc/whatsapp-web.selectors` (read again each time, so a
/// fixed file counts at the next check). A failing check holds the tenant's sends, its orders waiting in `ready/`,
/// sets its state `error` naming what is missing (which runs `alert.command` once), and saves
/// `whatsapp/self-check.png` and `.html`; `whatsapp/self-check` keeps the last result for `wasp doctor`.
struct SelfChecks: Sendable {
    enum Verdict: Equatable {
        case passed, failed
        /// The browser failed rather than the page: the job goes on and meets the failure it handles.
        case notChecked
    }

    let spool: Spool
    let pool: BrowserPool
    let etc: String
    let states: LinkStates
    let every: TimeInterval
    let log: Log

    /// Whether the tenant's browser may send (and read chats) now: it passed a check within `every`, or passes one.
    /// A browser that fails during the check is replaced and the new one checked, so no send goes from an unchecked
    /// page because its predecessor crashed; one failing again is left to the send, which handles browser failures.
    func verdict(for tenant: TenantID) -> Verdict {
        let first = checkedBrowser(tenant)
        return first == .notChecked ? checkedBrowser(tenant) : first
    }

    private func checkedBrowser(_ tenant: TenantID) -> Verdict {
        let web: WhatsAppWeb
        do { web = try pool.acquire(tenant) } catch { return .notChecked }
        if let passed = web.lastPassedSelfCheck, Date().timeIntervalSince(passed) < every {
            pool.release(tenant)
            return .passed
        }
        let verdict = run(tenant, on: web)
        pool.release(tenant, broken: verdict == .notChecked)
        return verdict
    }

    /// Checks `web`, which the caller holds, records the result, and sets the tenant's state by it.
    func run(_ tenant: TenantID, on web: WhatsAppWeb) -> Verdict {
        if let current = try? WhatsAppSelectors.load(etc: etc) { web.selectors = current }
        let result: SelfCheckResult
        let evidence: PageEvidence?
        do { (result, evidence) = try web.selfCheck(recent: lastSent(tenant)) } catch {
            log.event("self-check not run: the browser failed", tenant: tenant, ["error": error.description])
            return .notChecked
        }
        let previous = spool.selfCheck(tenant)
        do { try spool.saveSelfCheck(result, tenant: tenant) } catch {
            log.event("cannot record the self-check", tenant: tenant, ["error": error.description])
        }
        if let evidence { Evidence.write(evidence, as: Spool.selfCheckFile, tenant: tenant, spool: spool, log: log) }
        report(result, previous: previous, tenant: tenant)
        return result.isPassing ? .passed : .failed
    }

    private func report(_ result: SelfCheckResult, previous: SelfCheckResult?, tenant: TenantID) {
        let build = result.build ?? "unknown"
        if !result.isPassing {
            states.set(.error, reason: result.sentence, tenant: tenant)
            if previous?.missing != result.missing {
                log.event("self-check failed; sends held until it passes", tenant: tenant,
                          ["screen": result.screen, "build": build, "missing": result.missing.joined(separator: ","),
                           "file": spool.path(tenant, .whatsapp, Spool.selfCheckFile + ".png")])
            }
            return
        }
        log.event(previous?.isPassing == false ? "self-check passed again; sends go on" : "self-check passed", tenant: tenant,
                  ["screen": result.screen, "build": build])
        // The error was the check's own: the page it just saw says what the state is now.
        if previous?.isPassing == false, spool.linkState(tenant) == .error {
            states.set(result.screen.hasPrefix("qr") ? .unlinked : .linked, tenant: tenant)
        }
    }

    /// The newest messages sent from this account, one per customer, newest first: the check opens the chat of
    /// the first without an unread reply.
    private func lastSent(_ tenant: TenantID) -> [WhatsAppWeb.SentMessage] {
        let newest = spool.list(tenant, .sent).filter { $0.name.hasSuffix(".json") }.sorted { $0.modified > $1.modified }
        var messages: [WhatsAppWeb.SentMessage] = []
        for entry in newest.prefix(10) {
            guard let id = OrderID(fileName: entry.name), let record = try? spool.loadOrder(id, tenant: tenant, in: .sent),
                  let phone = record.phone.e164, !messages.contains(where: { $0.digits == phone.dropFirst() }) else { continue }
            messages.append(WhatsAppWeb.SentMessage(digits: String(phone.dropFirst()), text: record.message))
        }
        return messages
    }
}
