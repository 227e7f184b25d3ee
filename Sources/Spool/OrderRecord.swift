import Foundation

/// The order file, `spool/<tenant>/<state>/<order-id>.json`: what the pipeline and the dashboard need,
/// not the whole webhook. Fields may be added; a field that has shipped is never removed or renamed.
public struct OrderRecord: Codable, Sendable, Equatable {
    public var tenant: String
    /// Decimal digits as text: Shopify's ids exceed 2^53.
    public var orderID: String
    public var name: String?
    public var orderNumber: String?
    /// As Shopify sent it; not every sender writes valid RFC 3339.
    public var createdAt: String?
    public var customer: Customer
    public var phone: PhoneChoice
    public var country: String?
    /// Money stays a decimal string, never a float.
    public var totalPrice: String?
    public var currency: String?
    public var gateway: String?
    public var lineItems: [LineItem]
    public var deliverySlot: String?
    public var shopDomain: String?
    public var isTest: Bool
    public var receivedAt: String
    public var dueAt: String
    public var webhookID: String?
    public var message: String
    public var attempts: [Attempt]
    /// Why the order is in `failed/`: no phone, not on WhatsApp, expired, too many attempts.
    public var failure: String? = nil
    public var cancellation: Cancellation? = nil
    /// The latest shipment news from Shopify.
    public var fulfillment: Fulfillment? = nil
    /// When customers/redact scrubbed the customer's data from this file.
    public var redactedAt: String? = nil
    /// With the Cloud API: how far the message got by Meta's callbacks (sent, delivered, read, failed); it never
    /// goes back.
    public var messageStatus: String? = nil
    /// True when the message asked the customer to confirm or cancel (`confirm.ask = yes` when it was sent).
    public var asked: Bool? = nil
    /// The customer's replies, oldest first; the last clear one counts.
    public var answers: [Answer]? = nil
    /// When `confirm.expire` passed without an answer.
    public var noAnswerAt: String? = nil
    /// When the one reminder went (or was given up).
    public var remindedAt: String? = nil
    /// True while the order is back in `ready/` for its reminder: the scheduler sets it, the sender clears it.
    public var reminding: Bool? = nil
    /// `reconcile` when the intake pulled the order from Shopify because its webhook never came; nil for a webhook.
    public var source: String? = nil
    /// Why the tenant's `confirm.*` rules did not ask this order (e.g. "paid online"), decided when it arrived.
    public var notAsked: String? = nil
    /// True when the rules send such an order nothing (`confirm.others = skip`): the scheduler sets it aside in
    /// `skipped/` instead of releasing it.
    public var skip: Bool? = nil
    /// Why the order is in `skipped/`: the rules' reason, or the customer's opt-out.
    public var notMessaged: String? = nil
    /// When `alert.command` was told that a reply of this order needs a person (once per order).
    public var needsYouAlertedAt: String? = nil
    /// When the customer answered this order with a stop word and their number went on the do-not-message list.
    public var optedOutAt: String? = nil

    /// A customer's reply to the question: what it meant, their words or the button they tapped, and how it came.
    public struct Answer: Codable, Sendable, Equatable {
        public var at: String
        public var meaning: AnswerWords.Meaning
        public var text: String?
        /// A Cloud API quick-reply button's payload, e.g. `confirm:5123456789`.
        public var button: String?
        /// `web` or `cloud`.
        public var provider: String
        /// True when it came after `confirm.expire`.
        public var late: Bool?

        public init(at: String, meaning: AnswerWords.Meaning, text: String?, button: String?, provider: String, late: Bool? = nil) {
            self.at = at
            self.meaning = meaning
            self.text = text
            self.button = button
            self.provider = provider
            self.late = late
        }
    }

    /// The answer that counts: the last that was a clear yes or no.
    public var decisiveAnswer: Answer? {
        answers?.last { $0.meaning == .confirm || $0.meaning == .cancel }
    }

    public struct Customer: Codable, Sendable, Equatable {
        /// Nil when the order names nobody (Shopify withholds it from apps without protected-data access).
        public var name: String?
        /// Shopify's customer id, the key of customers/redact and customers/data_request.
        public var id: String?
        public var email: String?

        public init(name: String?, id: String?, email: String?) {
            self.name = name
            self.id = id
            self.email = email
        }
    }

    /// The phone the message goes to: as written, in E.164, and where it came from; or why there is none.
    public struct PhoneChoice: Codable, Sendable, Equatable {
        public var asWritten: String?
        public var e164: String?
        /// `order`, `shipping_address`, `billing_address` or `customer`.
        public var source: String?
        /// Why no usable phone was found; nil when `e164` is set.
        public var problem: String?

        public init(asWritten: String?, e164: String?, source: String?, problem: String?) {
            self.asWritten = asWritten
            self.e164 = e164
            self.source = source
            self.problem = problem
        }

        enum CodingKeys: String, CodingKey {
            case asWritten = "as_written", e164, source, problem
        }
    }

    public struct LineItem: Codable, Sendable, Equatable {
        public var title: String
        public var quantity: Int

        public init(title: String, quantity: Int) {
            self.title = title
            self.quantity = quantity
        }
    }

    /// One try at sending: when, what happened (`sent`, `not_on_whatsapp`, `deferred`, ...), and details.
    public struct Attempt: Codable, Sendable, Equatable {
        /// The outcome `wasp requeue` records: attempts and expiry count again from here.
        public static let requeued = "requeued"
        /// The outcomes of a message that went out: sent now, or found in the chat after a crash.
        public static let sent = "sent"
        public static let foundInChat = "found_in_chat"

        public var at: String
        public var outcome: String
        public var detail: String?
        /// With the Cloud API: the message's id at Meta (`wamid.…`) and the status it answered with.
        public var messageID: String?
        public var messageStatus: String?

        enum CodingKeys: String, CodingKey {
            case at, outcome, detail
            case messageID = "message_id"
            case messageStatus = "message_status"
        }

        public init(at: String, outcome: String, detail: String?, messageID: String? = nil, messageStatus: String? = nil) {
            self.at = at
            self.outcome = outcome
            self.detail = detail
            self.messageID = messageID
            self.messageStatus = messageStatus
        }
    }

    /// Shopify's orders/cancelled, as recorded on the order.
    public struct Cancellation: Codable, Sendable, Equatable {
        /// Shopify's `cancelled_at` and `cancel_reason`, as sent.
        public var at: String?
        public var reason: String?
        /// True when the confirmation had already been sent.
        public var afterSending: Bool
        /// `customer` when the customer cancelled by answering; nil when Shopify's orders/cancelled did.
        public var by: String?

        public init(at: String?, reason: String?, afterSending: Bool, by: String? = nil) {
            self.at = at
            self.reason = reason
            self.afterSending = afterSending
            self.by = by
        }

        public static let byCustomer = "customer"

        enum CodingKeys: String, CodingKey {
            case at, reason, afterSending = "after_sending", by
        }
    }

    /// A fulfilment or shipment update: `status` of the fulfilment, `shipment_status` of the parcel.
    public struct Fulfillment: Codable, Sendable, Equatable {
        public var status: String?
        public var shipmentStatus: String?
        public var trackingCompany: String?
        public var trackingNumber: String?
        public var topic: String
        public var receivedAt: String

        public init(status: String?, shipmentStatus: String?, trackingCompany: String?, trackingNumber: String?,
                    topic: String, receivedAt: String) {
            self.status = status
            self.shipmentStatus = shipmentStatus
            self.trackingCompany = trackingCompany
            self.trackingNumber = trackingNumber
            self.topic = topic
            self.receivedAt = receivedAt
        }

        enum CodingKeys: String, CodingKey {
            case status, shipmentStatus = "shipment_status", trackingCompany = "tracking_company"
            case trackingNumber = "tracking_number", topic, receivedAt = "received_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case tenant, orderID = "order_id", name, orderNumber = "order_number", createdAt = "created_at"
        case customer, phone, country, totalPrice = "total_price", currency, gateway, lineItems = "line_items"
        case deliverySlot = "delivery_slot", shopDomain = "shop_domain", isTest = "test"
        case receivedAt = "received_at", dueAt = "due_at", webhookID = "webhook_id", message, attempts
        case failure, cancellation, fulfillment, redactedAt = "redacted_at", messageStatus = "message_status"
        case asked, answers, noAnswerAt = "no_answer_at", remindedAt = "reminded_at", reminding, source
        case notAsked = "not_asked", skip, notMessaged = "not_messaged", optedOutAt = "opted_out_at"
        case needsYouAlertedAt = "needs_you_alerted_at"
    }

    public init(tenant: String, orderID: String, name: String?, orderNumber: String?, createdAt: String?,
                customer: Customer, phone: PhoneChoice, country: String?, totalPrice: String?, currency: String?,
                gateway: String?, lineItems: [LineItem], deliverySlot: String?, shopDomain: String?, isTest: Bool,
                receivedAt: String, dueAt: String, webhookID: String?, message: String, attempts: [Attempt]) {
        self.tenant = tenant
        self.orderID = orderID
        self.name = name
        self.orderNumber = orderNumber
        self.createdAt = createdAt
        self.customer = customer
        self.phone = phone
        self.country = country
        self.totalPrice = totalPrice
        self.currency = currency
        self.gateway = gateway
        self.lineItems = lineItems
        self.deliverySlot = deliverySlot
        self.shopDomain = shopDomain
        self.isTest = isTest
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.webhookID = webhookID
        self.message = message
        self.attempts = attempts
    }

    /// When the message went out, if it did.
    public var sentAt: String? {
        attempts.last { $0.outcome == Attempt.sent || $0.outcome == Attempt.foundInChat }?.at
    }

    /// When the order's max_age clock started: its receipt, or the last `wasp requeue`.
    public var ageStart: Date? {
        let requeued = attempts.last { $0.outcome == Attempt.requeued }.flatMap { Timestamp.date($0.at) }
        return requeued ?? Timestamp.date(receivedAt)
    }

    /// The file's bytes: pretty-printed with sorted keys so `cat` and `diff` read well.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode(_ data: Data) throws -> OrderRecord {
        try JSONDecoder().decode(OrderRecord.self, from: data)
    }
}
