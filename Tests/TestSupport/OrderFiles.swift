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

    /// Writes an order durably into `state` with mtime `due`.
    public func add(_ id: String, in state: SpoolDirectory = .incoming, due: Date = Date(), received: Date = Date(),
                    customerID: String = "191167") throws {
        let record = OrderRecord.sample(tenant: tenant, id: id, received: received, customerID: customerID)
        try spool.deposit(try record.encoded(), tenant: tenant, into: state, name: id + ".json", modified: due)
    }

    /// Writes many orders quickly, without fsync: for load tests, where durability of the setup is not the point.
    public func addQuickly(_ ids: [String], due: (Int) -> Date) throws {
        for (index, id) in ids.enumerated() {
            try place(OrderRecord.sample(tenant: tenant, id: id).encoded(), name: id + ".json", in: .incoming, modified: due(index))
        }
    }

    /// Writes raw bytes as a file of `state`, for files that are not valid orders.
    public func addRaw(_ contents: String, name: String, in state: SpoolDirectory, modified: Date = Date()) throws {
        try place(Data(contents.utf8), name: name, in: state, modified: modified)
    }

    /// Writes in `tmp/`, sets the mtime, then renames into place, so a running daemon sees only the finished file.
    private func place(_ data: Data, name: String, in state: SpoolDirectory, modified: Date) throws {
        let temporary = "test." + name
        try data.write(to: URL(fileURLWithPath: spool.path(tenant, .tmp, temporary)))
        try spool.setModified(temporary, tenant: tenant, in: .tmp, to: modified)
        guard rename(spool.path(tenant, .tmp, temporary), spool.path(tenant, state, name)) == 0 else { throw POSIXError(.EIO) }
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
