import Foundation
import Spool
import WhatsApp

/// One way of getting an order's message to the customer: the tenant's own WhatsApp Web, or Meta's Cloud API.
/// `OrderDelivery` claims, paces, records and moves the order the same way for both; a provider only sends.
protocol MessageProvider: Sendable {
    /// Whether the tenant's WhatsApp must be linked (by QR code or pairing code) before anything can be sent.
    var needsLinking: Bool { get }
    /// Whether it can tell afterwards that a message went (WhatsApp Web shows the chat); else `SendingMarker`.
    var canLookInChat: Bool { get }

    /// Sends `record`'s message to `digits` (E.164 without the +). `mayHaveGone`: a try before (or before a crash)
    /// may have sent it, so a provider that can look does so first. `stillClaimed` is asked right before sending.
    func send(_ record: OrderRecord, digits: String, tenant: TenantID, config: TenantConfig, mayHaveGone: Bool,
              stillClaimed: () -> Bool) -> ProviderOutcome
}

/// What one try came to.
enum ProviderOutcome {
    /// Gone; with the Cloud API, what Meta said: its note, the message's id and status.
    case sent(detail: String? = nil, messageID: String? = nil, messageStatus: String? = nil)
    case foundInChat
    case notOnWhatsApp(String)
    /// WhatsApp Web shows a QR code: the tenant's profile is not (or no longer) linked.
    case notLinked
    /// Only the operator or the merchant can fix it (a token, a template): the tenant's state says so.
    case accountProblem(String)
    case withdrawn
    /// Worth another try: at `at` when the provider said when, else after the backoff.
    case retry(String, evidence: PageEvidence?, at: Date?)
    /// Not now, by a rule rather than a failure (a rate limit of ours): at `at`, not counted as an attempt.
    case later(String, at: Date)
}

/// WhatsApp Web in the tenant's warm browser.
struct WebProvider: MessageProvider {
    let pool: BrowserPool
    let log: Log
    var needsLinking: Bool { true }
    var canLookInChat: Bool { true }

    func send(_ record: OrderRecord, digits: String, tenant: TenantID, config: TenantConfig, mayHaveGone: Bool,
              stillClaimed: () -> Bool) -> ProviderOutcome {
        let web: WhatsAppWeb
        do { web = try pool.acquire(tenant) } catch { return Self.browserDied(error.description, record) }
        do {
            let outcome = try web.send(digits: digits, text: record.message, lookFirst: mayHaveGone, stillClaimed: stillClaimed)
            pool.release(tenant)
            switch outcome {
            case .sent: return .sent()
            case .foundInChat: return .foundInChat
            case .notOnWhatsApp: return .notOnWhatsApp("not on WhatsApp")
            case .notLinked: return .notLinked
            case .withdrawn: return .withdrawn
            case .failed(let reason, let evidence): return .retry(reason, evidence: evidence, at: nil)
            }
        } catch .stopping {
            // Send may have been pressed: recorded as a try that may have gone, so the next one looks in the chat.
            pool.release(tenant, broken: true)
            log.event("stopping while sending; the next try looks in the chat first", tenant: tenant, order: record.orderID)
            return .retry("the sender stopped before WhatsApp showed the tick", evidence: nil, at: Date())
        } catch .refused(let words) {
            pool.release(tenant, broken: true)
            return .accountProblem(Linking.explain(.browser(.refused(words))))
        } catch {
            pool.release(tenant, broken: true)
            log.event("browser restarted", tenant: tenant, order: record.orderID, ["reason": error.description])
            return Self.browserDied(error.description, record)
        }
    }

    /// A browser that died or would not start (killed, crashed) says nothing about the order: the next try, in a
    /// new browser, goes at once. Only a second failure in a row (of the message or its reminder) waits.
    private static func browserDied(_ reason: String, _ record: OrderRecord) -> ProviderOutcome {
        let failedBefore = record.attempts.last.map { [RetryPolicy.countedOutcome, Outcome.reminderError].contains($0.outcome) } ?? false
        return .retry(reason, evidence: nil, at: failedBefore ? nil : Date())
    }
}
