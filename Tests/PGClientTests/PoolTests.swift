import PGClient
import Testing
import TestSupport

/// The pool bounds its connections, serves many tasks, and replaces connections the server dropped.
@Suite(.timeLimit(.minutes(1)))
struct PoolTests {
    @Test func manyTasksShareABoundedPool() async throws {
        let name = "pool-test-\(UInt32.random(in: .min ... .max))"
        let pool = PGPool(
            configuration: PGPoolConfiguration(conninfo: TestDatabase.url, maxConnections: 4, applicationName: name),
            logger: TestDatabase.logger)
        let peak = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let row = try await pool.query(
                        "SELECT \(index)::int * 2, (SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name))").first!
                    #expect(try row.decode(0, as: Int.self) == index * 2)
                    return try row.decode(1, as: Int.self)
                }
            }
            return try await group.reduce(0) { max($0, $1) }
        }
        #expect(peak <= 4)
        await pool.close()
    }

    @Test func aWaiterGivesUpAfterTheAcquireTimeout() async throws {
        let pool = PGPool(
            configuration: PGPoolConfiguration(conninfo: TestDatabase.url, maxConnections: 1, acquireTimeout: .milliseconds(200)),
            logger: TestDatabase.logger)
        try await pool.withConnection { _ in
            let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
            #expect(error?.code == .poolTimeout)
        }
        // The connection came back: the pool works again.
        #expect(try await pool.query("SELECT 7").first!.decode(0, as: Int.self) == 7)
        await pool.close()
    }

    /// The task that watches deadlines ends when nobody waits; a later waiter starts another, and still gives up.
    @Test(.timeLimit(.minutes(1)))  // A waiter nobody watches would wait forever.
    func aLaterWaiterGivesUpTooAfterTheFirstWatcherEnded() async throws {
        let pool = PGPool(
            configuration: PGPoolConfiguration(conninfo: TestDatabase.url, maxConnections: 1, acquireTimeout: .milliseconds(200)),
            logger: TestDatabase.logger)
        for _ in 0..<2 {
            try await pool.withConnection { _ in
                let started = ContinuousClock.now
                let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
                #expect(error?.code == .poolTimeout)
                #expect(ContinuousClock.now - started >= .milliseconds(200), "not before its timeout")
            }
            // Long enough for the first watcher to see an empty queue and end.
            try await Task.sleep(for: .milliseconds(150))
        }
        #expect(try await pool.query("SELECT 7").first!.decode(0, as: Int.self) == 7)
        await pool.close()
    }

    @Test func aConnectionKilledByTheServerIsReplaced() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            let pid = try await pool.query("SELECT pg_backend_pid()").first!.decode(0, as: Int32.self)
            let admin = TestDatabase.makePool(maxConnections: 1)
            try await admin.query("SELECT pg_terminate_backend(\(pid))")
            await admin.close()
            try await Task.sleep(for: .milliseconds(100))
            let newPID = try await pool.query("SELECT pg_backend_pid()").first!.decode(0, as: Int32.self)
            #expect(newPID != pid)
            let inTransaction = try await pool.withTransaction { tx in try await tx.query("SELECT 1").first!.decode(0, as: Int.self) }
            #expect(inTransaction == 1)
        }
    }

    @Test func anUnreachableServerFailsWithATypedError() async throws {
        let pool = PGPool(
            configuration: PGPoolConfiguration(conninfo: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", maxConnections: 1),
            logger: TestDatabase.logger)
        let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isConnectionFailure == true)
        await pool.close()
    }

    @Test func aClosedPoolRefusesWork() async throws {
        let pool = TestDatabase.makePool(maxConnections: 1)
        _ = try await pool.query("SELECT 1")
        await pool.close()
        let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }

    @Test func preparedStatementsAreReusedPerConnection() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            for value in 0..<5 { _ = try await pool.query("SELECT \(value)::int + 1 AS reused_statement") }
            let prepared = try await pool.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE \("%reused_" + "statement%")").first!.decode(0, as: Int.self)
            #expect(prepared == 1)
        }
    }
}

/// The listener delivers notifications and tells its consumer when it connects.
@Suite(.timeLimit(.minutes(1)))
struct ListenerTests {
    @Test func notificationsArrive() async throws {
        try await TestDatabase.migrate()
        let name = "test_channel_" + String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        let (events, continuation) = AsyncStream.makeStream(of: PGListener.Event.self)
        let listener = PGListener(conninfo: TestDatabase.url, channels: [name], logger: TestDatabase.logger) { event in
            // Heartbeats come every two seconds; these tests follow the other events.
            if case .confirmed = event { return }
            continuation.yield(event)
        }
        let task = Task { try await listener.run() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .connected)
        let pool = TestDatabase.makePool(maxConnections: 1)
        try await pool.query("SELECT pg_notify(\(name), 'hello')")
        #expect(await iterator.next() == .notification(PGNotification(channel: name, payload: "hello")))
        task.cancel()
        await pool.close()
    }
}
