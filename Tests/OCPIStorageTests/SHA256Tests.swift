import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Our SHA-256 agrees with FIPS 180-4's vectors and with PostgreSQL's `sha256()`, which the admin scripts use.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesTheStandardVectors(input: String, expected: String) {
        #expect(SHA256.hexDigest(Array(input.utf8)) == expected)
    }

    @Test func matchesPostgreSQLForTokensOfEveryLength() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            for length in [1, 10, 55, 56, 63, 64, 65, 119, 120, 200] {
                let token = String((0..<length).map { _ in "ABCxyz019-_~!".randomElement()! })
                let theirs = try await pool.query("SELECT encode(sha256(convert_to(\(token), 'UTF8')), 'hex')").first!.decode(0, as: String.self)
                #expect(SHA256.hexDigest(Array(token.utf8)) == theirs, "length \(length)")
            }
        }
    }

    @Test func generatedTokensAreLongDistinctAndURLSafe() {
        let tokens = (0..<100).map { _ in TokenGenerator.generate() }
        #expect(Set(tokens).count == 100)
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }
}
