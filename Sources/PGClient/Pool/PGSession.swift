/// Something that runs statements: a leased connection (`PGSession`) or the pool itself (one statement per lease).
/// Repositories take `some PGExecutor` so that the same code runs alone or inside a caller's transaction.
public protocol PGExecutor: Sendable {
    @discardableResult
    func query(_ query: PGQuery) async throws -> PGResult
}

/// A connection leased from a `PGPool` for the duration of a `withConnection` or `withTransaction` scope.
public struct PGSession: PGExecutor {
    let connection: PGConnection
    let pool: PGPool

    @discardableResult
    public func query(_ query: PGQuery) async throws -> PGResult {
        try await execute(query)
    }

    @discardableResult
    func execute(_ query: PGQuery) async throws(PGError) -> PGResult {
        let connection = self.connection
        return try await pool.run { () throws(PGError) -> PGResult in try connection.execute(query) }
    }
}

extension PGPool: PGExecutor {}
