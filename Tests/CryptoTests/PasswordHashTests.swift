import Crypto
import Testing

@Suite struct PasswordHashTests {
    @Test func hashMatchesItsPasswordOnly() {
        let hash = PasswordHash.make(password: "correct horse", logN: 10)
        #expect(hash.matches("correct horse"))
        #expect(!hash.matches("correct horse "))
        #expect(!hash.matches(""))
    }

    @Test func encodedFormRoundTrips() throws {
        let hash = PasswordHash.make(password: "s3cret-pass", logN: 10)
        #expect(hash.encoded.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        let parsed = try #require(PasswordHash(encoded: hash.encoded))
        #expect(parsed == hash)
        #expect(parsed.matches("s3cret-pass"))
    }

    @Test(arguments: ["", "plain", "$scrypt$ln=99,r=8,p=1$AAAA$AAAA", "$bcrypt$x$y$z", "$scrypt$ln=10,r=8,p=1$!!$AAAA"])
    func malformedHashIsRejected(_ encoded: String) {
        #expect(PasswordHash(encoded: encoded) == nil)
    }

    /// Numbers a hand-edited tenant file may hold, which OpenSSL would refuse: over 256 MiB, or N not below 2^(16 r).
    @Test(arguments: ["ln=18,r=8,p=1", "ln=22,r=32,p=16", "ln=21,r=1,p=1", "ln=16,r=1,p=1"])
    func parametersOpenSSLRefusesAreRejected(_ parameters: String) {
        #expect(PasswordHash(encoded: "$scrypt$" + parameters + "$" + Self.salt + "$" + Self.hash) == nil)
    }

    @Test(arguments: ["ln=17,r=8,p=1", "ln=15,r=1,p=1", "ln=1,r=32,p=16"])
    func parametersAtOpenSSLsLimitsAreChecked(_ parameters: String) throws {
        let parsed = try #require(PasswordHash(encoded: "$scrypt$" + parameters + "$" + Self.salt + "$" + Self.hash))
        #expect(!parsed.matches("anything"))
    }

    static let salt = String(repeating: "A", count: 22) + "=="
    static let hash = String(repeating: "A", count: 43) + "="

    @Test func constantTimeEqualComparesWholeStrings() {
        #expect(Digest.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Digest.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Digest.constantTimeEqual([1, 2, 3], [1, 2]))
    }

    @Test func sha256MatchesKnownDigest() {
        #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
