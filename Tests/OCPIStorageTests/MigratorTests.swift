import OCPIStorage
import PGClient
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// Migrations apply in order, once, and refuse a file edited after it was applied. Each test gets a database of its
/// own (needs CREATEDB, which the project's own cluster grants; skipped on an operator's DATABASE_URL).
@Suite(.timeLimit(.minutes(1)), .enabled(if: ScratchDatabase.isAvailable))
struct MigratorTests {
    @Test func appliesEveryMigrationOnceInOrder() async throws {
        let database = try await ScratchDatabase.create(prefix: "migrator_test")
        let pool = TestDatabase.makePool(maxConnections: 2, url: database.url)
        let migrator = Migrator(directory: TestDatabase.migrationsPath, logger: TestDatabase.logger)
        let files = try migrator.migrations()
        #expect(files.map(\.version) == files.map(\.version).sorted())
        #expect(try await migrator.migrate(pool) == files.map(\.version))
        #expect(try await migrator.migrate(pool) == [], "a second run applies nothing")
        let recorded = try await pool.query("SELECT version, checksum FROM schema_migrations ORDER BY version").rows
        #expect(try recorded.map { try $0.decode(0, as: Int.self) } == files.map(\.version))
        #expect(try recorded.map { try $0.decode(1, as: String.self) } == files.map(\.checksum))
        await pool.close()
        try await database.drop()
    }

    @Test func instancesStartingTogetherDoNotRace() async throws {
        let database = try await ScratchDatabase.create(prefix: "migrator_test")
        let pools = (0..<4).map { _ in TestDatabase.makePool(maxConnections: 1, url: database.url) }
        let migrator = Migrator(directory: TestDatabase.migrationsPath, logger: TestDatabase.logger)
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for pool in pools { group.addTask { try await migrator.migrate(pool) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(applied.sorted() == (try migrator.migrations()).map(\.version), "each migration applied by exactly one instance")
        for pool in pools { await pool.close() }
        try await database.drop()
    }

    @Test func anEditedMigrationStopsStartUp() async throws {
        let database = try await ScratchDatabase.create(prefix: "migrator_test")
        let pool = TestDatabase.makePool(maxConnections: 1, url: database.url)
        let migrator = Migrator(directory: TestDatabase.migrationsPath, logger: TestDatabase.logger)
        try await migrator.migrate(pool)
        try await pool.query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        let error = await #expect(throws: PGError.self) { try await migrator.migrate(pool) }
        #expect(error?.code == .migration)
        #expect(error?.serverMessage?.contains("changed after it was applied") == true)
        await pool.close()
        try await database.drop()
    }

    @Test func aFailingMigrationLeavesNoTrace() async throws {
        let database = try await ScratchDatabase.create(prefix: "migrator_test")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "CREATE TABLE good (id int);".write(to: directory.appendingPathComponent("0001_good.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE half (id int); SELECT 1 / 0;".write(to: directory.appendingPathComponent("0002_bad.sql"), atomically: true, encoding: .utf8)
        let pool = TestDatabase.makePool(maxConnections: 1, url: database.url)
        let migrator = Migrator(directory: directory.path, logger: TestDatabase.logger)
        let error = await #expect(throws: PGError.self) { try await migrator.migrate(pool) }
        #expect(error?.serverMessage?.contains("0002_bad.sql") == true)
        #expect(try await pool.query("SELECT to_regclass('half') IS NULL, to_regclass('good') IS NOT NULL").first!.decode(0, as: Bool.self))
        #expect(try await pool.query("SELECT max(version) FROM schema_migrations").first!.decode(0, as: Int.self) == 1)
        await pool.close()
        try await database.drop()
    }
}
