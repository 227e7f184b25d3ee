import Crypto
import Foundation

/// Why an order file could not be read as one.
public enum OrderFileError: Error, CustomStringConvertible {
    case spool(SpoolError)
    /// The file is there but is not an order file (truncated, wrong types, another order's id).
    case malformed(path: String, problem: String)

    public var description: String {
        switch self {
        case .spool(let error): return error.description
        case .malformed(let path, let problem): return "\(path) is not an order file: \(problem)"
        }
    }
}

extension Spool {
    /// `active/<id>.json.sending`, the sender's note that it is handing the order to Meta (the sender's
    /// `SendingMarker`): not an order file, and no one else's to move.
    public static let sendingMarkerSuffix = ".sending"

    /// Reads and decodes `<tenant>/<directory>/<id>.json`, checking it holds that order of that tenant.
    public func loadOrder(_ id: OrderID, tenant: TenantID, in directory: SpoolDirectory) throws(OrderFileError) -> OrderRecord {
        let data: Data
        do { data = try read(id.fileName, tenant: tenant, in: directory) } catch { throw .spool(error) }
        let filePath = path(tenant, directory, id.fileName)
        let record: OrderRecord
        do { record = try OrderRecord.decode(data) } catch {
            throw .malformed(path: filePath, problem: Self.reason(error))
        }
        guard record.orderID == id.rawValue, record.tenant == tenant.rawValue else {
            throw .malformed(path: filePath, problem: "it holds order \(record.orderID) of tenant \(record.tenant)")
        }
        return record
    }

    /// Replaces the order's file in `directory` with `record`.
    public func saveOrder(_ record: OrderRecord, tenant: TenantID, in directory: SpoolDirectory,
                          modified: Date) throws(SpoolError) {
        let data: Data
        do { data = try record.encoded() } catch { preconditionFailure("an OrderRecord always encodes: \(error)") }
        try replace(record.orderID + ".json", tenant: tenant, in: directory, with: data, modified: modified)
    }

    /// Moves a file that does not parse to `corrupt/`, under its own name or, when that is taken, with a suffix.
    /// Returns the name it got there.
    @discardableResult
    public func setAside(_ name: String, tenant: TenantID, from directory: SpoolDirectory) throws(SpoolError) -> String {
        do {
            try move(name, tenant: tenant, from: directory, to: .corrupt, as: name)
            return name
        } catch .exists {
            let unique = name + "." + Digest.randomHex(byteCount: 4)
            try move(name, tenant: tenant, from: directory, to: .corrupt, as: unique)
            return unique
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return "not JSON (\(context.debugDescription))"
        case DecodingError.keyNotFound(let key, _): return "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path) has the wrong type"
        default: return "\(error)"
        }
    }
}
