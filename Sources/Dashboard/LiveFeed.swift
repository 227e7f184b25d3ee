import Foundation
import Spool
import Synchronization

/// One Server-Sent Event: its name and its data (JSON).
public struct LiveEvent: Sendable, Equatable {
    public let name: String
    public let data: String
}

/// Hands each tenant's events to that tenant's open event streams, and no one else's.
public final class LiveFeed: Sendable {
    /// One open event stream's queue; its connection thread sleeps in `next` until an event or a timeout.
    public final class Subscription: @unchecked Sendable {
        let tenant: TenantID
        private let condition = NSCondition()
        private var queued: [LiveEvent] = []

        init(tenant: TenantID) {
            self.tenant = tenant
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
            if queued.isEmpty { _ = condition.wait(until: Date().addingTimeInterval(timeout)) }
            defer { queued.removeAll() }
            return queued
        }
    }

    private let subscriptions = Mutex<[ObjectIdentifier: Subscription]>([:])

    public init() {}

    public func subscribe(_ tenant: TenantID) -> Subscription {
        let subscription = Subscription(tenant: tenant)
        subscriptions.withLock { $0[ObjectIdentifier(subscription)] = subscription }
        return subscription
    }

    public func unsubscribe(_ subscription: Subscription) {
        _ = subscriptions.withLock { $0.removeValue(forKey: ObjectIdentifier(subscription)) }
    }

    public func publish(_ event: LiveEvent, to tenant: TenantID) {
        let listeners = subscriptions.withLock { $0.values.filter { $0.tenant == tenant } }
        listeners.forEach { $0.deliver(event) }
    }

    /// Whether any page of the tenant is open, so nothing is rendered for nobody.
    public func isFollowed(_ tenant: TenantID) -> Bool {
        subscriptions.withLock { $0.values.contains { $0.tenant == tenant } }
    }

    /// How many streams are open, for the bench.
    public var count: Int { subscriptions.withLock { $0.count } }
}
