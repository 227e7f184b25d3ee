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

    @Test func constantTimeEqualComparesWholeStrings() {
        #expect(Digest.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Digest.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Digest.constantTimeEqual([1, 2, 3], [1, 2]))
    }

    @Test func sha256MatchesKnownDigest() {
        #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
