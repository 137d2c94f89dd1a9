import PGClient
import Testing
import TestSupport

/// Transactions commit what their body did, or nothing at all.
@Suite(.timeLimit(.minutes(1)))
struct TransactionTests {
    struct Abort: Error {}

    /// A table of this test's own.
    func makeTable(_ pool: PGPool) async throws -> String {
        let name = "tx_test_\(UInt32.random(in: .min ... .max))"
        try await pool.query(PGQuery(unsafeSQL: "CREATE TABLE \(name) (id int PRIMARY KEY, note text UNIQUE)"))
        return name
    }

    func count(_ pool: PGPool, _ table: String) async throws -> Int {
        try await pool.query(PGQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).first!.decode(0)
    }

    @Test func aThrownErrorRollsEverythingBack() async throws {
        try await TestDatabase.withPool { pool in
            let table = try await makeTable(pool)
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { tx in
                    try await tx.query(PGQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1, 'first')"))
                    throw Abort()
                }
            }
            #expect(try await count(pool, table) == 0)
        }
    }

    @Test func aFailingStatementRollsBackAndReportsItsSQLState() async throws {
        try await TestDatabase.withPool { pool in
            let table = try await makeTable(pool)
            let error = await #expect(throws: PGError.self) {
                try await pool.withTransaction { tx in
                    try await tx.query(PGQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1, 'secret-note')"))
                    try await tx.query(PGQuery(unsafeSQL: "INSERT INTO \(table) VALUES (2, 'secret-note')"))
                }
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.isUniqueViolation == true)
            #expect(error?.constraint == "\(table)_note_key")
            #expect(error?.detail?.contains("secret-note") == true, "the server named the value, in the detail")
            #expect(error?.description.contains("secret-note") == false, "descriptions carry no SQL or values")
            #expect(error?.description.contains("INSERT") == false)
            #expect(try await count(pool, table) == 0)
        }
    }

    @Test func aSwallowedStatementFailureStillFailsTheCommit() async throws {
        try await TestDatabase.withPool { pool in
            let table = try await makeTable(pool)
            let error = await #expect(throws: PGError.self) {
                try await pool.withTransaction { tx in
                    try await tx.query(PGQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1, 'first')"))
                    _ = try? await tx.query("SELECT 1 / 0")
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try await count(pool, table) == 0)
        }
    }

    @Test func aReturningBodyCommits() async throws {
        try await TestDatabase.withPool { pool in
            let table = try await makeTable(pool)
            let inserted = try await pool.withTransaction { tx in
                try await tx.query(PGQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1, 'a'), (2, 'b')")).affectedRows
            }
            #expect(inserted == 2)
            #expect(try await count(pool, table) == 2)
        }
    }

    @Test func serverErrorsCarryTheirSQLStateAndMessage() async throws {
        try await TestDatabase.withPool { pool in
            let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1 / 0") }
            #expect(error?.code == .server)
            #expect(error?.sqlState == "22012")
            #expect(error?.serverMessage == "division by zero")
            let missing = await #expect(throws: PGError.self) { try await pool.query("SELECT * FROM no_such_table") }
            #expect(missing?.sqlState == "42P01")
        }
    }
}
