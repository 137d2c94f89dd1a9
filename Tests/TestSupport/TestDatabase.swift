import Logging
import OCPIModel
import OCPIStorage
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The PostgreSQL the tests run against: `DATABASE_URL` as `make test` sets it (the project's own cluster, database
/// `ocpi_test`), migrated once per test process.
public enum TestDatabase {
    public static var url: String {
        ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://ocpi@127.0.0.1:54329/ocpi_test"
    }

    /// The repository's root, for `sql/`.
    public static var repositoryRoot: String {
        if let root = ProcessInfo.processInfo.environment["OCPI_REPO_ROOT"], !root.isEmpty { return root }
        // Tests/TestSupport/TestDatabase.swift -> repository root
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) }
        return path
    }

    public static var migrationsPath: String { repositoryRoot + "/sql/migrations" }

    public static let logger: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A new pool on the test database; close it with `pool.close()`.
    public static func makePool(maxConnections: Int = 4, url: String = TestDatabase.url) -> PGPool {
        PGPool(configuration: PGPoolConfiguration(conninfo: url, maxConnections: maxConnections, acquireTimeout: .seconds(20)), logger: logger)
    }

    private static let migration = Task<Void, any Error> {
        let pool = makePool(maxConnections: 1)
        defer { Task { await pool.close() } }
        try await Migrator(directory: migrationsPath, logger: logger).migrate(pool)
    }

    /// Applies the migrations once for the whole test process.
    public static func migrate() async throws {
        try await migration.value
    }

    /// One pool for the whole test process: tests run in parallel, and a pool each would exhaust the server's
    /// connections. Never closed (it lives as long as the process).
    public static let shared = makePool(maxConnections: 24)

    /// Runs `body` with the shared pool on the migrated test database.
    public static func withPool<R>(_ body: (PGPool) async throws -> R) async throws -> R {
        try await migrate()
        return try await body(shared)
    }

    /// Runs `body` with a pool of its own (for tests about the pool itself), closing it afterwards.
    public static func withPool<R>(maxConnections: Int, _ body: (PGPool) async throws -> R) async throws -> R {
        try await migrate()
        let pool = makePool(maxConnections: maxConnections)
        do {
            let result = try await body(pool)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    /// A tenant key nobody else uses in this run: random upper-case letters, party id starting with a digit so that
    /// it never collides with the demo tenant.
    public static func uniqueTenant() -> TenantID {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let country = String((0..<2).map { _ in letters.randomElement()! })
        let party = String("0123456789".randomElement()!) + String((0..<2).map { _ in alphanumerics.randomElement()! })
        return TenantID(countryCode: country, partyID: party)!
    }

    /// Creates a tenant through the admin function and returns it with its owner token.
    public static func createTenant(_ pool: PGPool, name: String = "Test CPO") async throws -> (tenant: TenantID, token: String) {
        let tenant = uniqueTenant()
        let result = try await pool.query(
            "SELECT ocpi_admin.create_tenant(\(tenant.countryCode), \(tenant.partyID), \(name), NULL, NULL)")
        return (tenant, try result.first!.decode(0, as: String.self))
    }
}
