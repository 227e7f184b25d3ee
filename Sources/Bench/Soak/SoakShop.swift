import Foundation
import HTTP
import Shopify
import Spool
import Synchronization

/// The shop's side of a soak run: signed webhooks posted to the real intake on their schedule by a few posting
/// threads, each retried until it gets a 200, as Shopify retries (faster here: every half second). It remembers
/// when each webhook was first accepted, which is what the tally holds wasp to.
final class SoakShop: Sendable {
    enum Kind: Sendable, Hashable { case create, repeatCreate, fulfilment, cancel, delivered }

    struct Delivery: Sendable {
        let at: Date
        let order: SoakOrder
        let kind: Kind
    }

    private struct State {
        var pending: [Delivery] = []
        var accepted: [Kind: [Int: Date]] = [:]
        var refusals = 0
        /// By status; 0 for no answer at all.
        var refusalsByStatus: [Int: Int] = [:]
        var refusalsWithoutRetryAfter = 0
        var closed = false
    }

    static let secret = "soak-secret"
    static let retryAfter: TimeInterval = 0.5
    private let port: UInt16
    private let delay: TimeInterval
    private let state = Mutex(State())
    private let posters = DispatchGroup()

    init(port: UInt16, delay: TimeInterval, posters count: Int = 4) {
        self.port = port
        self.delay = delay
        for _ in 0..<count {
            posters.enter()
            Thread { [self] in
                post()
                posters.leave()
            }.start()
        }
    }

    /// Places `order` now: its webhooks are posted from now on, on the schedule its plan says.
    func place(_ order: SoakOrder) {
        let now = Date()
        var deliveries = [Delivery(at: now, order: order, kind: .create)]
        if order.repeated { deliveries.append(Delivery(at: now + .random(in: 0.1...(delay * 2)), order: order, kind: .repeatCreate)) }
        if order.cancelledEarly { deliveries.append(Delivery(at: now + .random(in: 0.1...1), order: order, kind: .cancel)) }
        if order.cancelledLate { deliveries.append(Delivery(at: now + delay + .random(in: 5...15), order: order, kind: .cancel)) }
        if order.fulfilled {
            deliveries.append(Delivery(at: now + .random(in: 0.1...1), order: order, kind: .fulfilment))
            deliveries.append(Delivery(at: now + delay + .random(in: 10...20), order: order, kind: .delivered))
        }
        state.withLock { $0.pending += deliveries }
    }

    /// Places orders at a steady rate (orders per second), returning after the last.
    func place(_ orders: ArraySlice<SoakOrder>, rate: Double) {
        let start = Date()
        for (offset, order) in orders.enumerated() {
            let at = start.addingTimeInterval(Double(offset) / rate)
            if at > Date() { Thread.sleep(until: at) }
            place(order)
        }
    }

    /// Waits until nothing waits to be posted and every order is in a final state, or `within` has passed.
    func settle(_ orders: ArraySlice<SoakOrder>, spool: Spool, within: TimeInterval) {
        let deadline = Date().addingTimeInterval(within)
        var unsettled = Array(orders)
        while Date() < deadline {
            unsettled.removeAll { order in
                accepted(.create, order) != nil && SoakSite.finalStates.contains {
                    spool.exists(order.fileName, tenant: order.tenant, in: $0)
                }
            }
            if unsettled.isEmpty && waiting == 0 { return }
            usleep(200_000)
        }
    }

    /// When the webhook of `kind` for `order` first got a 200, if it has.
    func accepted(_ kind: Kind, _ order: SoakOrder) -> Date? {
        state.withLock { $0.accepted[kind]?[order.index] }
    }

    var waiting: Int { state.withLock { $0.pending.count } }
    /// Posts that got no 200 (or no answer), and 503s that did not say when to try again.
    var refusals: Int { state.withLock { $0.refusals } }
    var refusalsWithoutRetryAfter: Int { state.withLock { $0.refusalsWithoutRetryAfter } }

    func refusals(status: Int) -> Int {
        state.withLock { $0.refusalsByStatus[status] ?? 0 }
    }

    /// Stops posting (what still waits is never posted) and waits for the posters.
    func close() {
        state.withLock { $0.closed = true }
        posters.wait()
    }

    private func post() {
        var client: HTTPClient?
        while let delivery = nextDelivery() {
            if client?.isReusable != true { client = try? HTTPClient(host: "127.0.0.1", port: port, timeout: 5) }
            let (topic, body, webhookID) = Self.webhook(delivery)
            let headers = [("X-Shopify-Topic", topic), ("X-Shopify-Webhook-Id", webhookID),
                           ("X-Shopify-Hmac-Sha256", WebhookSignature.sign(body, secret: Self.secret))]
            let response = try? client?.send("POST", "/webhooks/\(delivery.order.tenant)/\(topic)", headers: headers, body: body)
            let status = response?.status
            state.withLock { state in
                if status == 503 && response?.headers["Retry-After"] == nil { state.refusalsWithoutRetryAfter += 1 }
                if status == 200 {
                    state.accepted[delivery.kind, default: [:]][delivery.order.index] = state.accepted[delivery.kind]?[delivery.order.index] ?? Date()
                } else {
                    state.refusals += 1
                    state.refusalsByStatus[status ?? 0, default: 0] += 1
                    state.pending.append(Delivery(at: Date() + Self.retryAfter, order: delivery.order, kind: delivery.kind))
                }
            }
            if status != 200 { client = nil }
        }
    }

    /// The earliest delivery once it is due; nil once closed.
    private func nextDelivery() -> Delivery? {
        while true {
            let next: Delivery?? = state.withLock { state in
                if state.closed { return .some(nil) }
                let now = Date()
                guard let index = state.pending.indices.min(by: { state.pending[$0].at < state.pending[$1].at }),
                      state.pending[index].at <= now else { return nil }
                return .some(state.pending.remove(at: index))
            }
            if let next { return next }
            usleep(10_000)
        }
    }

    private static func webhook(_ delivery: Delivery) -> (topic: String, body: Data, id: String) {
        let order = delivery.order
        let phone = "+" + order.digits
        switch delivery.kind {
        case .create, .repeatCreate:
            return ("orders/create", SampleOrder.body(id: order.id, number: 1000 + order.index, phone: phone), "soak-create-\(order.id)")
        case .cancel:
            let body = ##"{"id":\##(order.id),"name":"#\##(1000 + order.index)","cancelled_at":"\##(Timestamp.string(Date()))","cancel_reason":"customer"}"##
            return ("orders/cancelled", Data(body.utf8), "soak-cancel-\(order.id)")
        case .fulfilment:
            let body = #"{"id":\#(order.id + 7),"order_id":\#(order.id),"status":"success","shipment_status":null}"#
            return ("fulfillments/create", Data(body.utf8), "soak-fulfil-\(order.id)")
        case .delivered:
            let body = #"{"id":\#(order.id + 7),"order_id":\#(order.id),"status":"success","shipment_status":"delivered"}"#
            return ("fulfillments/update", Data(body.utf8), "soak-delivered-\(order.id)")
        }
    }
}
