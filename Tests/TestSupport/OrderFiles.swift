import Foundation
import Glibc
import Spool

/// Order files placed straight into a spool, as the intake or sender would have left them.
public struct OrderFiles {
    public let spool: Spool
    public let tenant: TenantID

    public init(root: TemporaryRoot, tenant: String) throws {
        spool = Spool(root: root.spool)
        self.tenant = TenantID(tenant)!
        try spool.prepare(self.tenant)
    }

    public static func record(tenant: TenantID, id: String, received: Date = Date(), customerID: String = "191167",
                              attempts: [OrderRecord.Attempt] = []) -> OrderRecord {
        OrderRecord(
            tenant: tenant.rawValue, orderID: id, name: "#\(id.suffix(4))", orderNumber: String(id.suffix(4)),
            createdAt: Timestamp.string(received),
            customer: OrderRecord.Customer(name: "Jane <b>Doe</b>", id: customerID, email: "jane@example.com"),
            phone: OrderRecord.PhoneChoice(asWritten: "+61 2 9876 5432", e164: "+61298765432", source: "order", problem: nil),
            country: "AU", totalPrice: "10.00", currency: "AUD", gateway: "cod",
            lineItems: [OrderRecord.LineItem(title: "Tea", quantity: 2)], deliverySlot: "Delivery: Monday",
            shopDomain: nil, isTest: false, receivedAt: Timestamp.string(received), dueAt: Timestamp.string(received),
            webhookID: nil, message: "Hello Jane, your order is confirmed!", attempts: attempts)
    }

    /// Writes an order durably into `state` with mtime `due`.
    public func add(_ id: String, in state: SpoolDirectory = .incoming, due: Date = Date(), received: Date = Date(),
                    customerID: String = "191167") throws {
        let record = Self.record(tenant: tenant, id: id, received: received, customerID: customerID)
        try spool.deposit(try record.encoded(), tenant: tenant, into: state, name: id + ".json", modified: due)
    }

    /// Writes many orders quickly, without fsync: for load tests, where durability of the setup is not the point.
    public func addQuickly(_ ids: [String], due: (Int) -> Date) throws {
        for (index, id) in ids.enumerated() {
            try place(Self.record(tenant: tenant, id: id).encoded(), name: id + ".json", in: .incoming, modified: due(index))
        }
    }

    /// Writes raw bytes as a file of `state`, for files that are not valid orders.
    public func addRaw(_ contents: String, name: String, in state: SpoolDirectory, modified: Date = Date()) throws {
        try place(Data(contents.utf8), name: name, in: state, modified: modified)
    }

    /// Writes in `tmp/`, sets the mtime, then renames into place, so a running daemon sees only the finished file.
    private func place(_ data: Data, name: String, in state: SpoolDirectory, modified: Date) throws {
        let temporary = spool.path(tenant, .tmp, "test." + name)
        try data.write(to: URL(fileURLWithPath: temporary))
        try setModified(temporary, modified)
        guard rename(temporary, spool.path(tenant, state, name)) == 0 else { throw POSIXError(.EIO) }
    }

    public func names(_ state: SpoolDirectory) -> [String] {
        spool.list(tenant, state).map(\.name).sorted()
    }

    public func load(_ id: String, in state: SpoolDirectory) throws -> OrderRecord {
        try OrderRecord.decode(Data(contentsOf: URL(fileURLWithPath: spool.path(tenant, state, id + ".json"))))
    }

    /// The states holding `id`: exactly one when the spool is sound.
    public func states(of id: String) -> [SpoolDirectory] {
        SpoolDirectory.orderStates.filter { spool.exists(id + ".json", tenant: tenant, in: $0) }
    }

    public func modified(_ id: String, in state: SpoolDirectory) -> Date? {
        spool.entry(id + ".json", tenant: tenant, in: state)?.modified
    }

    private func setModified(_ path: String, _ date: Date) throws {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let time = timespec(tv_sec: Int(seconds), tv_nsec: Int((date.timeIntervalSince1970 - seconds) * 1e9))
        var times = [time, time]
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw POSIXError(.EIO) }
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass; returns whether it held.
public func eventually(timeout: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
