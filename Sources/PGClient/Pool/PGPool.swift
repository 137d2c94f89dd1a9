import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A bounded pool of libpq connections with an async face.
///
/// libpq blocks, so every call runs on a thread pool of the pool's own, sized to `maxConnections`: a leased
/// connection always has a thread and the cooperative pool never blocks. Connections found broken (the server
/// restarted, the network dropped) are closed and replaced on the next lease, so the service outlives its database.
/// Use `withConnection`, `withTransaction` or `query`; a connection never escapes those scopes.
public final class PGPool: Service, Sendable {
    /// A connection handed to a lease, and whether it sat idle (and so must be checked before use).
    struct Handout: Sendable {
        var connection: PGConnection
        var wasIdle: Bool
    }

    typealias Waiter = CheckedContinuation<Handout, any Error>

    public let configuration: PGPoolConfiguration
    let logger: Logger
    private let threads: NIOThreadPool
    /// Waits on the sockets of statements in flight; nil when every statement runs as a blocking call.
    let reactor: PGSocketReactor?
    private let state: Mutex<PGPoolStateMachine<PGConnection, Waiter>>
    private let nextWaiterID = Atomic<Int>(0)
    /// Connections currently leased, so that a second release of one (a bug) is caught instead of handing one
    /// connection to two tasks.
    private let leased = Mutex<Set<ObjectIdentifier>>([])

    public init(configuration: PGPoolConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.threads = NIOThreadPool(numberOfThreads: configuration.maxConnections)
        self.reactor = configuration.waitsOnSockets ? PGSocketReactor() : nil
        self.state = Mutex(PGPoolStateMachine(maxConnections: configuration.maxConnections))
        threads.start()
    }

    /// Runs until graceful shutdown, then closes every connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Closes idle connections now and leased ones when they come back; later leases fail with `poolClosed`.
    public func close() async {
        let (idle, waiters) = state.withLock { $0.close() }
        for connection in idle { connection.close() }
        for waiter in waiters { waiter.resume(throwing: PGError(.poolClosed, message: "the pool is closed")) }
        try? await threads.shutdownGracefully()
        await reactor?.shutdown()
    }

    // MARK: Scopes

    /// Runs `body` with one connection, in autocommit mode. Never retried: use it for writes that must not run twice.
    @discardableResult
    public func withConnection<R>(_ body: (PGSession) async throws -> R) async throws -> R {
        let connection = try await lease()
        defer { release(connection) }
        return try await body(PGSession(connection: connection, pool: self))
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws. A connection that turns
    /// out broken at `BEGIN` is replaced once, since nothing has run on it yet.
    @discardableResult
    public func withTransaction<R>(
        _ mode: PGTransactionMode = .readCommitted,
        _ body: (PGSession) async throws -> R
    ) async throws -> R {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await lease()
            let session = PGSession(connection: connection, pool: self)
            do {
                try await session.execute(mode.begin)
            } catch where error.isConnectionFailure && attempt < 2 {
                release(connection)
                continue
            } catch {
                release(connection)
                throw error
            }
            let result: R
            do {
                result = try await body(session)
            } catch {
                if !connection.isBroken {
                    _ = try? await session.execute(PGTransactionMode.rollback)
                }
                release(connection)
                throw error
            }
            // The connection goes back exactly once, whatever COMMIT says.
            let commit: PGResult
            do {
                commit = try await session.execute(PGTransactionMode.commit)
            } catch {
                release(connection)
                throw error
            }
            release(connection)
            // COMMIT of a failed transaction answers ROLLBACK instead of an error.
            guard commit.commandTag == "COMMIT" else {
                throw PGError(.server, sqlState: "25P02", message: "the transaction was rolled back because a statement in it failed")
            }
            return result
        }
    }

    /// Runs one statement in autocommit mode. Retried once on a fresh connection when the connection broke, so use
    /// it for reads and idempotent writes only.
    @discardableResult
    public func query(_ query: PGQuery) async throws -> PGResult {
        do {
            return try await withConnection { try await $0.query(query) }
        } catch let error as PGError where error.isConnectionFailure {
            logger.debug("retrying a statement after a connection failure", metadata: ["pg.error": "\(error)"])
            return try await withConnection { try await $0.query(query) }
        }
    }

    // MARK: Leasing

    func lease() async throws -> PGConnection {
        // Fast path: an idle connection, taken without suspending.
        while let idle = state.withLock({ $0.takeIdle() }) {
            if let connection = accept(idle, wasIdle: true) { return connection }
        }
        while true {
            let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).newValue
            let deadline = ContinuousClock.now + configuration.acquireTimeout
            let handout = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (waiter: Waiter) in
                    let action = state.withLock { $0.lease(id: id, waiter: waiter, deadline: deadline) }
                    switch action {
                    case .use(let connection):
                        waiter.resume(returning: Handout(connection: connection, wasIdle: true))
                    case .open:
                        open(for: waiter)
                    case .wait(let startWatching):
                        if startWatching { watchDeadlines() }
                        // Cancelled before the waiter was queued: onCancel found nothing to remove.
                        if Task.isCancelled, let waiter = state.withLock({ $0.removeWaiter(id: id) }) {
                            waiter.resume(throwing: CancellationError())
                        }
                    case .closed:
                        waiter.resume(throwing: PGError(.poolClosed, message: "the pool is closed"))
                    }
                }
            } onCancel: {
                if let waiter = state.withLock({ $0.removeWaiter(id: id) }) {
                    waiter.resume(throwing: CancellationError())
                }
            }
            if let connection = accept(handout.connection, wasIdle: handout.wasIdle) { return connection }
        }
    }

    /// Records a connection as leased, or, when it sat idle and is found broken, drops it (nil).
    private func accept(_ connection: PGConnection, wasIdle: Bool) -> PGConnection? {
        guard !wasIdle || connection.isUsable() else {
            logger.debug("dropping a broken idle connection")
            discard(connection)
            return nil
        }
        leased.withLock { _ = $0.insert(ObjectIdentifier(connection)) }
        return connection
    }

    /// Returns a connection after use; a broken one, or one left inside a transaction, is closed instead.
    func release(_ connection: PGConnection) {
        guard leased.withLock({ $0.remove(ObjectIdentifier(connection)) }) != nil else {
            logger.error("a connection was released twice; ignoring the second release")
            return
        }
        if connection.isBroken || connection.isInTransaction {
            discard(connection)
            return
        }
        switch state.withLock({ $0.release(connection) }) {
        case .handOver(let waiter): waiter.resume(returning: Handout(connection: connection, wasIdle: false))
        case .keep: break
        case .close: connection.close()
        }
    }

    private func discard(_ connection: PGConnection) {
        connection.close()
        if case .openFor(let waiter) = state.withLock({ $0.connectionGone() }) {
            open(for: waiter)
        }
    }

    private func open(for waiter: Waiter) {
        let configuration = self.configuration
        threads.submit { [self] threadState in
            guard threadState == .active else {
                _ = state.withLock { $0.connectionGone() }
                waiter.resume(throwing: PGError(.poolClosed, message: "the pool is closed"))
                return
            }
            do {
                let connection = try PGConnection(conninfo: configuration.conninfo, applicationName: configuration.applicationName)
                waiter.resume(returning: Handout(connection: connection, wasIdle: false))
            } catch {
                logger.warning("could not open a PostgreSQL connection", metadata: ["pg.error": "\(error)"])
                if case .openFor(let next) = state.withLock({ $0.connectionGone() }) {
                    open(for: next)
                }
                waiter.resume(throwing: error)
            }
        }
    }

    /// Fails the waiters whose acquire timeout has passed, looking a few times per timeout (so a waiter gives up
    /// between its timeout and a quarter of it later, at most 250 ms), until nobody waits.
    private func watchDeadlines() {
        let timeout = configuration.acquireTimeout
        let tick = max(min(timeout / 4, .milliseconds(250)), .milliseconds(1))
        // Detached: it must not take the priority (perhaps background) or the task-locals of the waiter that started it.
        Task.detached { [self] in
            while true {
                try? await Task.sleep(for: tick)
                let (expired, keepWatching) = state.withLock { $0.expire(now: .now) }
                for waiter in expired {
                    waiter.resume(throwing: PGError(.poolTimeout, message: "no connection became free within \(timeout)"))
                }
                if !keepWatching { return }
            }
        }
    }

    /// Runs one blocking libpq call on the pool's threads.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(PGError) -> T) async throws(PGError) -> T {
        do {
            return try await threads.runIfActive { try work() }
        } catch let error as PGError {
            throw error
        } catch {
            throw PGError(.poolClosed, message: "the pool's threads have stopped")
        }
    }
}
