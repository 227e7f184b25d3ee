import Foundation
import Spool
import Synchronization
import WhatsAppCloud

/// Meta's Cloud API: the tenant's approved template, its parameters rendered from the order. Meta has no way to
/// ask whether a message went, so an order that may have gone without a recorded answer (a crash in the
/// milliseconds between the request and the file's rewrite) fails with that reason instead of going twice
/// (`SendingMarker`).
final class CloudProvider: MessageProvider {
    /// Meta's pair rate limit: one message per 6 s from one business number to one customer.
    static let pairGap: TimeInterval = 6

    let client: CloudClient
    var needsLinking: Bool { false }
    var canLookInChat: Bool { false }
    private let lastSent = Mutex<[String: Date]>([:])

    init(client: CloudClient) {
        self.client = client
    }

    func send(_ record: OrderRecord, digits: String, tenant: TenantID, config: TenantConfig, mayHaveGone: Bool,
              stillClaimed: () -> Bool) -> ProviderOutcome {
        guard let cloud = config.cloud else { return .accountProblem("provider = cloud but no cloud.* settings") }
        let token: String
        switch SecretFile.read(cloud.tokenFile) {
        case .success(let read): token = read
        case .failure(let problem): return .accountProblem(problem.description)
        }
        let pair = cloud.phoneNumberID + ">" + digits
        if let last = lastSent.withLock({ $0[pair] }), Date().timeIntervalSince(last) < Self.pairGap {
            return .later("Meta allows one message per 6 s to one customer", at: last.addingTimeInterval(Self.pairGap))
        }
        guard stillClaimed() else { return .withdrawn }
        let message = CloudMessage(to: digits, template: cloud.template, language: cloud.language,
                                   parameters: cloud.parameters.map { $0.render(record) },
                                   callbackData: "\(tenant)/\(record.orderID)",
                                   buttons: config.confirm.asks(record) ? ["confirm:\(record.orderID)", "cancel:\(record.orderID)"] : [])
        switch client.send(message, phoneNumberID: cloud.phoneNumberID, token: token) {
        case .accepted(let id, let status):
            lastSent.withLock { sent in
                sent[pair] = Date()
                if sent.count > 10_000 { sent = sent.filter { Date().timeIntervalSince($0.value) < Self.pairGap } }
            }
            return .sent(detail: "accepted by WhatsApp", messageID: id, messageStatus: status)
        case .notOnWhatsApp(let reason): return .notOnWhatsApp(reason)
        case .retryLater(let reason, let retryAfter): return .retry(reason, evidence: nil, at: retryAfter.map { Date().addingTimeInterval($0) })
        case .accountProblem(let reason): return .accountProblem(reason)
        }
    }
}
