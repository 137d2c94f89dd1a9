import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Token digests (swift-crypto's SHA-256) agree with FIPS 180-4's vectors and with PostgreSQL's `sha256()`, which the
/// admin scripts use; migration checksums too, so that databases migrated before keep matching their files.
struct TokenDigestTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesTheStandardVectors(input: String, expected: String) {
        #expect(Self.hex(TokenDigest(token: input).bytes) == expected)
    }

    @Test func matchesPostgreSQLForTokensOfEveryLength() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            for length in [1, 10, 55, 56, 63, 64, 65, 119, 120, 200] {
                let token = String((0..<length).map { _ in "ABCxyz019-_~!é".randomElement()! })
                let theirs = try await pool.query("SELECT encode(sha256(convert_to(\(token), 'UTF8')), 'hex')").first!.decode(0, as: String.self)
                #expect(Self.hex(TokenDigest(token: token).bytes) == theirs, "length \(length)")
            }
        }
    }

    @Test func migrationChecksumsAreTheSHA256OfTheirFiles() async throws {
        let migrations = try Migrator(directory: TestDatabase.migrationsPath, logger: TestDatabase.logger).migrations()
        #expect(!migrations.isEmpty)
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            for migration in migrations {
                let theirs = try await pool.query("SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex')").first!
                    .decode(0, as: String.self)
                #expect(migration.checksum == theirs, "\(migration.name)")
            }
        }
    }

    @Test func generatedTokensAreLongDistinctAndURLSafe() {
        let tokens = (0..<100).map { _ in TokenGenerator.generate() }
        #expect(Set(tokens).count == 100)
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        }
        // Every one of the 64 characters turns up: the encoding uses the whole alphabet (6 bits per character).
        #expect(Set(tokens.joined()).count == 64)
    }
}
