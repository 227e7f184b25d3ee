import COpenSSL
import Foundation

/// Keyed hashing and digests over OpenSSL's libcrypto.
public enum Digest {
    /// HMAC-SHA256 of `message` under `key`, as 32 raw bytes.
    public static func hmacSHA256(key: some DataProtocol, message: some DataProtocol) -> [UInt8] {
        let keyBytes = Array(key)
        let messageBytes = Array(message)
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = keyBytes.withUnsafeBytes { keyBuffer in
            messageBytes.withUnsafeBytes { messageBuffer in
                HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                     messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count,
                     &output, &length)
            }
        }
        return Array(output.prefix(Int(length)))
    }

    /// SHA-256 of `message` as lowercase hex: used where an untrusted string must become a safe file name.
    public static func sha256Hex(_ message: some DataProtocol) -> String {
        let bytes = Array(message)
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { buffer in
            _ = SHA256(buffer.baseAddress, buffer.count, &output)
        }
        return hex(output)
    }

    /// `byteCount` random bytes as lowercase hex, for names and keys that must not collide.
    public static func randomHex(byteCount: Int) -> String {
        hex(randomBytes(byteCount))
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two byte strings in time that depends only on their lengths, so a forger learns nothing from timing.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// `count` bytes from OpenSSL's CSPRNG.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            preconditionFailure("OpenSSL's random generator failed; the system has no entropy source")
        }
        return bytes
    }
}
