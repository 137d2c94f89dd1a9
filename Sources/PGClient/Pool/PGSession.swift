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

    /// Runs a statement prepared on this connection before without a thread: sent at once, then awaited on the
    /// pool's `PGSocketReactor`. Anything else (a first use, which prepares it; plain SQL) runs as a blocking call on
    /// the pool's threads.
    @discardableResult
    func execute(_ query: PGQuery) async throws(PGError) -> PGResult {
        let connection = self.connection
        if let reactor = pool.reactor, try connection.sendPrepared(query) {
            let socket = connection.socket
            // libpq asks that input be read while output waits: the server may be blocked writing to us.
            while try !connection.flushOutput() {
                await reactor.wait(for: .writableOrReadable, on: socket)
                try connection.absorbInput()
            }
            // Let the requests queued on this thread run first: under load the answer is often in by then, and
            // reading it here saves arming epoll and the reactor's wake-up. When idle this costs one empty read.
            await Task.yield()
            while true {
                if let result = try connection.readResult() { return result }
                await reactor.wait(for: .readable, on: socket)
            }
        }
        return try await pool.run { () throws(PGError) -> PGResult in try connection.execute(query) }
    }
}

extension PGPool: PGExecutor {}
