import COpenSSL
import Foundation

/// A scrypt password hash in the portable form `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (base64).
public struct PasswordHash: Sendable, Equatable {
    public let logN: Int
    public let blockSize: Int
    public let parallelism: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// Hashes `password` with a fresh random salt. ln=14 costs about 16 MiB and tens of milliseconds.
    public static func make(password: String, logN: Int = 14) -> PasswordHash {
        let salt = Digest.randomBytes(16)
        let hash = derive(password: password, salt: salt, logN: logN, blockSize: 8, parallelism: 1)
        return PasswordHash(logN: logN, blockSize: 8, parallelism: 1, salt: salt, hash: hash)
    }

    /// Parses the encoded form; nil when it is not a scrypt hash this code wrote.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var parameters: [Substring: Int] = [:]
        for pair in parts[2].split(separator: ",") {
            let keyValue = pair.split(separator: "=")
            guard keyValue.count == 2, let value = Int(keyValue[1]) else { return nil }
            parameters[keyValue[0]] = value
        }
        guard let logN = parameters["ln"], let r = parameters["r"], let p = parameters["p"],
              (1...22).contains(logN), (1...32).contains(r), (1...16).contains(p),
              Self.isCheckable(logN: logN, blockSize: r, parallelism: p),
              let salt = Data(base64Encoded: String(parts[3])), let hash = Data(base64Encoded: String(parts[4])),
              hash.count >= 16
        else { return nil }
        self.init(logN: logN, blockSize: r, parallelism: p, salt: Array(salt), hash: Array(hash))
    }

    init(logN: Int, blockSize: Int, parallelism: Int, salt: [UInt8], hash: [UInt8]) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
        self.hash = hash
    }

    public var encoded: String {
        "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// True when `password` produces this hash.
    public func matches(_ password: String) -> Bool {
        let candidate = Self.derive(password: password, salt: salt, logN: logN,
                                    blockSize: blockSize, parallelism: parallelism, length: hash.count)
        return Digest.constantTimeEqual(candidate, hash)
    }

    /// The most memory one check may take.
    static let memoryLimit = 256 * 1024 * 1024

    /// Whether OpenSSL computes scrypt with these parameters: N below 2^(16 r), and the table of N + 2 blocks
    /// plus the p working blocks (128 r bytes each) within `memoryLimit`. A hash file may hold any numbers;
    /// one OpenSSL refuses would stop `derive` at its precondition.
    static func isCheckable(logN: Int, blockSize: Int, parallelism: Int) -> Bool {
        let blocks = 1 << logN
        let isBelowOpenSSLBound = 16 * blockSize >= Int.bitWidth - 1 || blocks < 1 << (16 * blockSize)
        return isBelowOpenSSLBound && 128 * blockSize * (blocks + 2 + parallelism) <= memoryLimit
    }

    static func derive(password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int,
                       length: Int = 32) -> [UInt8] {
        let passwordBytes = Array(password.utf8)
        var output = [UInt8](repeating: 0, count: length)
        let status = passwordBytes.withUnsafeBufferPointer { passwordBuffer in
            passwordBuffer.withMemoryRebound(to: CChar.self) { passwordChars in
                EVP_PBE_scrypt(passwordChars.baseAddress, passwordChars.count, salt, salt.count,
                               UInt64(1) << UInt64(logN), UInt64(blockSize), UInt64(parallelism),
                               UInt64(memoryLimit), &output, length)
            }
        }
        precondition(status == 1, "EVP_PBE_scrypt rejected parameters validated by init(encoded:)")
        return output
    }
}
