import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An empty database of a test's own, next to the test database, for what must not touch the shared one: migrating
/// from nothing, or a service process whose background workers would take other tests' work. Needs CREATEDB, which
/// the project's own cluster grants; such tests are skipped on an operator's `DATABASE_URL`.
public struct ScratchDatabase: Sendable {
    public let name: String
    public let url: String

    /// Whether this run may create databases (`make test` on the project's own cluster).
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["OCPI_TEST_CAN_CREATE_DATABASES"] == "1"
    }

    public static func create(prefix: String) async throws -> ScratchDatabase {
        let name = "\(prefix)_\(UInt32.random(in: .min ... .max))"
        try await administer("CREATE DATABASE \(name)")
        let base = TestDatabase.url
        return ScratchDatabase(name: name, url: String(base[..<base.lastIndex(of: "/")!]) + "/" + name)
    }

    /// Drops the database, closing whatever is still connected to it.
    public func drop() async throws {
        try await Self.administer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one statement on the test database's server, on a connection of its own (CREATE and DROP DATABASE
    /// cannot run in a transaction, nor take parameters).
    private static func administer(_ statement: String) async throws {
        let admin = TestDatabase.makePool(maxConnections: 1)
        do {
            try await admin.query(PGQuery(unsafeSQL: statement))
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }
}
