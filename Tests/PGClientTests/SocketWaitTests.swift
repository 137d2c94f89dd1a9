import PGClient
import Testing
import TestSupport

/// A statement already prepared on its connection is sent without blocking and awaited on the pool's epoll thread
/// (`waitsOnSockets`); the first use of a statement, and plain SQL, run as blocking calls on the pool's threads.
/// Both paths give the same results and the same typed errors, and the waiting path survives what the blocking one
/// does: a backend killed mid-statement, and a pool closed mid-statement.
@Suite(.timeLimit(.minutes(1)))
struct SocketWaitTests {
    static func pool(waitsOnSockets: Bool, name: String = "socket-wait-test") -> PGPool {
        PGPool(
            configuration: PGPoolConfiguration(
                conninfo: TestDatabase.url, maxConnections: 2, applicationName: name, waitsOnSockets: waitsOnSockets),
            logger: TestDatabase.logger)
    }

    @Test(arguments: [true, false])
    func bothPathsGiveTheSameRowsAndErrors(waitsOnSockets: Bool) async throws {
        let pool = Self.pool(waitsOnSockets: waitsOnSockets)
        // Many repeats of one statement across two connections: all but the first use per connection wait on sockets.
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                group.addTask {
                    try await pool.query("SELECT \(index)::int AS repeated").first!.decode(0, as: Int.self)
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(sums == 4950)
        for divisor in [1, 0, 2] {
            if divisor == 0 {
                let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 10 / \(divisor)::int AS quotient") }
                #expect(error?.sqlState == "22012", "division by zero, reported with its SQLSTATE")
                #expect(error?.isConnectionFailure == false)
            } else {
                #expect(try await pool.query("SELECT 10 / \(divisor)::int AS quotient").first!.decode(0, as: Int.self) == 10 / divisor)
            }
        }
        await pool.close()
    }

    @Test func aBackendKilledMidStatementFailsItAndThePoolRecovers() async throws {
        let name = "socket-wait-kill-\(UInt32.random(in: .min ... .max))"
        let pool = Self.pool(waitsOnSockets: true, name: name)
        try await pool.withConnection { session in
            _ = try await session.query("SELECT pg_sleep(\(0.0))")  // prepares it: the next run waits on the socket
            async let slow = session.query("SELECT pg_sleep(\(30.0))")
            let admin = TestDatabase.makePool(maxConnections: 1)
            var killed = false
            for _ in 0..<100 where !killed {
                try await Task.sleep(for: .milliseconds(50))
                killed = try await admin.query(
                    "SELECT coalesce(bool_or(pg_terminate_backend(pid)), false) FROM pg_stat_activity WHERE application_name = \(name) AND state = 'active'"
                ).first!.decode(0, as: Bool.self)
            }
            await admin.close()
            #expect(killed)
            var failure: PGError?
            do { _ = try await slow } catch let error as PGError { failure = error }
            #expect(failure?.isConnectionFailure == true, "\(String(describing: failure))")
        }
        #expect(try await pool.query("SELECT 41 + \(1)").first!.decode(0, as: Int.self) == 42, "a fresh connection replaces the killed one")
        await pool.close()
    }

    @Test func closingThePoolLetsAStatementInFlightFinish() async throws {
        let pool = Self.pool(waitsOnSockets: true)
        try await pool.withConnection { session in
            _ = try await session.query("SELECT pg_sleep(\(0.0)), \(0)::int")
            async let inFlight = session.query("SELECT pg_sleep(\(0.5)), \(7)::int")
            try await Task.sleep(for: .milliseconds(100))
            await pool.close()
            let result = try await inFlight
            #expect(try result.first!.decode(1, as: Int.self) == 7)
        }
    }
}
