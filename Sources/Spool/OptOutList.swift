import Foundation

/// A tenant's do-not-message list, `spool/<tenant>/optout/`: one file per number, named by its E.164 digits and
/// holding one line on why it is there. A file per number, so the scheduler (a customer's stop word), `wasp
/// optout` and customers/redact each add or remove one entry by one `link` or `unlink`, never a rewrite.
public struct OptOutList: Sendable {
    public let spool: Spool
    public let tenant: TenantID

    public init(spool: Spool, tenant: TenantID) {
        self.spool = spool
        self.tenant = tenant
    }

    /// One number on the list.
    public struct Entry: Sendable, Equatable {
        /// E.164 digits, without the `+`.
        public let digits: String
        /// When it came on the list (the file's mtime), and why, e.g. `replied "STOP" to order 450789469`.
        public let since: Date
        public let reason: String
    }

    /// The number as the list names it, its E.164 digits, from a number with its country code (`+44 20 …`).
    public static func digits(of phone: String) -> String? {
        PhoneNumberInput.e164(phone).map { String($0.dropFirst()) }
    }

    public func contains(_ digits: String) -> Bool {
        spool.exists(digits, tenant: tenant, in: .optout)
    }

    /// True when the number was not on the list before.
    @discardableResult
    public func add(_ digits: String, reason: String, at time: Date) throws(SpoolError) -> Bool {
        do {
            try spool.deposit(Data((reason + "\n").utf8), tenant: tenant, into: .optout, name: digits, modified: time)
            return true
        } catch .exists {
            return false
        }
    }

    /// True when the number was on the list.
    @discardableResult
    public func remove(_ digits: String) throws(SpoolError) -> Bool {
        do {
            try spool.remove(digits, tenant: tenant, from: .optout)
            return true
        } catch where error.isMissing {
            return false
        }
    }

    public func entry(_ digits: String) -> Entry? {
        guard let file = spool.entry(digits, tenant: tenant, in: .optout) else { return nil }
        let reason = (try? spool.read(digits, tenant: tenant, in: .optout)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Entry(digits: digits, since: file.modified, reason: reason.trimmingCharacters(in: .newlines))
    }

    /// Every number on the list, in order of the digits.
    public func entries() -> [Entry] {
        spool.list(tenant, .optout).map(\.name).filter { Self.digits(of: "+" + $0) == $0 }.sorted().compactMap(entry)
    }
}
