import Crypto
import Logging
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Applies `sql/migrations/NNNN_name.sql` in order, each in its own transaction, and records them in
/// `schema_migrations` with a checksum. A session-level advisory lock serialises instances that start together; a
/// file changed after it was applied stops start-up, because the database no longer matches the code that made it.
public struct Migrator: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var sql: String
        public var checksum: String
    }

    /// A fixed key, so that every instance takes the same advisory lock.
    static let lockKey: Int64 = 7_421_893_001

    public let directory: String
    let logger: Logger

    public init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// Reads and orders the migration files.
    public func migrations() throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }
        var found: [Migration] = []
        for name in names.sorted() {
            guard let prefix = name.split(separator: "_").first, let version = Int(prefix) else {
                throw PGError(.migration, message: "migration file \(name) does not start with a number (NNNN_name.sql)")
            }
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PGError(.migration, message: "cannot read \(path)")
            }
            let sql = String(decoding: data, as: UTF8.self)
            found.append(Migration(version: version, name: name, sql: sql, checksum: SHA256.hexDigest(data)))
        }
        if let duplicate = Dictionary(grouping: found, by: \.version).first(where: { $0.value.count > 1 }) {
            throw PGError(.migration, message: "two migrations share version \(duplicate.key)")
        }
        return found
    }

    /// Applies what is missing; returns the versions it applied.
    @discardableResult
    public func migrate(_ pool: PGPool) async throws -> [Int] {
        let pending = try migrations()
        return try await pool.withConnection { session in
            try await session.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await apply(pending, session: session)
                try await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return applied
            } catch {
                _ = try? await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    private func apply(_ migrations: [Migration], session: PGSession) async throws -> [Int] {
        try await session.query(
            PGQuery(
                unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer     PRIMARY KEY,
                        name       text        NOT NULL,
                        checksum   text        NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """))
        var known: [Int: String] = [:]
        for row in try await session.query("SELECT version, checksum FROM schema_migrations").rows {
            known[try row.decode(0, as: Int.self)] = try row.decode(1, as: String.self)
        }
        var applied: [Int] = []
        for migration in migrations {
            if let checksum = known[migration.version] {
                guard checksum == migration.checksum else {
                    throw PGError(
                        .migration,
                        message: "\(migration.name) changed after it was applied; add a new migration instead of editing one")
                }
                continue
            }
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            try await session.query(PGQuery(unsafeSQL: "BEGIN"))
            do {
                try await session.query(PGQuery(unsafeSQL: migration.sql))
                try await session.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))")
                try await session.query(PGQuery(unsafeSQL: "COMMIT"))
            } catch {
                _ = try? await session.query(PGQuery(unsafeSQL: "ROLLBACK"))
                if let error = error as? PGError {
                    throw PGError(
                        .migration, sqlState: error.sqlState,
                        message: "\(migration.name): \(error.serverMessage ?? "\(error.code)")", detail: error.detail)
                }
                throw error
            }
            applied.append(migration.version)
        }
        return applied
    }
}
