import Foundation
import Spool
import Synchronization

/// One Server-Sent Event: its name and its data (JSON).
public struct LiveEvent: Sendable, Equatable {
    public let name: String
    public let data: String
}

/// Hands each tenant's events to that tenant's open event streams, and no one else's. Each tenant, and each
/// client address, may hold `limit` streams; one more closes its oldest, so a merchant who opens a thousand
/// streams only ever displaces its own, never another merchant's live view.
public final class LiveFeed: Sendable {
    /// One open event stream's queue; its connection thread sleeps in `next` until an event, a timeout or `close`.
    public final class Subscription: @unchecked Sendable {
        let tenant: TenantID
        let address: String
        private let condition = NSCondition()
        private var queued: [LiveEvent] = []
        private var closed = false

        init(tenant: TenantID, address: String) {
            self.tenant = tenant
            self.address = address
        }

        /// True once a newer stream took this one's place; its connection should end.
        public var isClosed: Bool {
            condition.lock()
            defer { condition.unlock() }
            return closed
        }

        func close() {
            condition.lock()
            closed = true
            condition.signal()
            condition.unlock()
        }

        func deliver(_ event: LiveEvent) {
            condition.lock()
            queued.append(event)
            condition.signal()
            condition.unlock()
        }

        /// The events queued since the last call, waiting up to `timeout` for one; empty on timeout.
        public func next(timeout: TimeInterval) -> [LiveEvent] {
            condition.lock()
            defer { condition.unlock() }
            if queued.isEmpty && !closed { _ = condition.wait(until: Date().addingTimeInterval(timeout)) }
            defer { queued.removeAll() }
            return queued
        }
    }

    /// Open streams, oldest first.
    private let subscriptions = Mutex<[Subscription]>([])
    let limit: Int

    /// Ten streams are a merchant's tabs and devices with room to spare.
    public init(limit: Int = 10) {
        self.limit = limit
    }

    /// A new stream of `tenant` from the client at `address`; closes the oldest of that tenant's, or that
    /// address's, when it already holds `limit`.
    public func subscribe(_ tenant: TenantID, address: String) -> Subscription {
        let subscription = Subscription(tenant: tenant, address: address)
        let displaced = subscriptions.withLock { open -> [Subscription] in
            var displaced: [Subscription] = []
            let rules: [(Subscription) -> Bool] = [{ $0.tenant == tenant }, { $0.address == address }]
            for isShared in rules {
                let sharing = open.filter(isShared)
                guard sharing.count >= limit else { continue }
                let oldest = Set(sharing.prefix(sharing.count - limit + 1).map(ObjectIdentifier.init))
                displaced += open.filter { oldest.contains(ObjectIdentifier($0)) }
                open.removeAll { oldest.contains(ObjectIdentifier($0)) }
            }
            open.append(subscription)
            return displaced
        }
        displaced.forEach { $0.close() }
        return subscription
    }

    public func unsubscribe(_ subscription: Subscription) {
        subscriptions.withLock { $0.removeAll { $0 === subscription } }
    }

    public func publish(_ event: LiveEvent, to tenant: TenantID) {
        let listeners = subscriptions.withLock { $0.filter { $0.tenant == tenant } }
        listeners.forEach { $0.deliver(event) }
    }

    /// Whether any page of the tenant is open, so nothing is rendered for nobody.
    public func isFollowed(_ tenant: TenantID) -> Bool {
        subscriptions.withLock { $0.contains { $0.tenant == tenant } }
    }

    /// How many streams are open, for the bench.
    public var count: Int { subscriptions.withLock { $0.count } }
}
