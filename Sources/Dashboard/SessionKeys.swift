import Crypto
import Foundation
import Glibc
import Spool

/// Signs and checks dashboard sessions and API tokens: `<tenant>.<expiry>.<hmac>`. The MAC covers the tenant's
/// password hash and session generation too, so changing the password (`wasp tenant passwd`) or logging out
/// (`SessionGenerations`) ends every session of that tenant.
public struct SessionKeys: Sendable {
    public static let fileName = "dashboard.key"
    private let key: [UInt8]

    init(key: [UInt8]) {
        self.key = key
    }

    /// Reads `etc/dashboard.key`, creating it (mode 0600, 32 random bytes in hex) on first start.
    public static func loadOrCreate(etc: String) throws(SpoolError) -> SessionKeys {
        let path = etc + "/" + fileName
        try SecretFile.createKey(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .system(operation: "read", path: path, errno: errno)
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count >= 32 else {
            throw .system(operation: "read a key of 32 or more characters from", path: path, errno: EINVAL)
        }
        return SessionKeys(key: Array(text.utf8))
    }

    /// What a tenant's sessions stand on: when either changes, every session issued before ends.
    public struct Standing: Sendable {
        public let passwordHash: String
        public let generation: Int
    }

    public func issue(tenant: TenantID, standing: Standing, lifetime: TimeInterval, now: Date = Date()) -> String {
        let expiry = String(Int64(now.addingTimeInterval(lifetime).timeIntervalSince1970))
        return tenant.rawValue + "." + expiry + "." + mac(tenant: tenant.rawValue, expiry: expiry, standing: standing)
    }

    /// The tenant a token was issued to, if it is intact, unexpired, and its password and generation unchanged.
    public func verify(_ token: String, standing: (TenantID) -> Standing?, now: Date = Date()) -> TenantID? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let tenant = TenantID(parts[0]), let expiry = Int64(parts[1]),
              Double(expiry) > now.timeIntervalSince1970, let current = standing(tenant) else { return nil }
        let expected = mac(tenant: tenant.rawValue, expiry: String(parts[1]), standing: current)
        return Digest.constantTimeEqual(Array(expected.utf8), Array(parts[2].utf8)) ? tenant : nil
    }

    private func mac(tenant: String, expiry: String, standing: Standing) -> String {
        let message = "wasp-session\n" + tenant + "\n" + expiry + "\n" + standing.passwordHash + "\n" + String(standing.generation)
        return Digest.hex(Digest.hmacSHA256(key: key, message: Array(message.utf8)))
    }
}
