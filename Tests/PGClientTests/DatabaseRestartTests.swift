import PGClient
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// PostgreSQL restarts under a running pool; the next queries succeed without restarting anything of ours.
///
/// Needs `OCPI_TEST_DB_RESTART` (set by `make test` for the project's own cluster); runs alone because it drops
/// every connection of the cluster.
@Suite(.serialized, .timeLimit(.minutes(2)), .enabled(if: ProcessInfo.processInfo.environment["OCPI_TEST_DB_RESTART"] != nil))
struct DatabaseRestartTests {
    func restartCluster() throws {
        let outcome = try Subprocess.run(["/bin/sh", "-c", ProcessInfo.processInfo.environment["OCPI_TEST_DB_RESTART"]!])
        #expect(outcome.status == 0, "the restart command failed: \(outcome.stderr)")
    }

    @Test func thePoolRecoversAfterARestart() async throws {
        try await TestDatabase.withPool(maxConnections: 4) { pool in
            // Warm every connection.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
                try await group.waitForAll()
            }
            let before = try await pool.query("SELECT pg_postmaster_start_time()").first!.decode(0, as: PGTimestamp.self)
            try restartCluster()
            for index in 0..<20 {
                #expect(try await pool.query("SELECT \(index)::int").first!.decode(0, as: Int.self) == index)
            }
            let after = try await pool.withTransaction { tx in
                try await tx.query("SELECT pg_postmaster_start_time()").first!.decode(0, as: PGTimestamp.self)
            }
            #expect(after > before, "the server really restarted")
        }
    }

    @Test func theListenerReconnectsAfterARestart() async throws {
        let (events, continuation) = AsyncStream.makeStream(of: PGListener.Event.self)
        let listener = PGListener(conninfo: TestDatabase.url, channels: ["restart_test"], logger: TestDatabase.logger) { event in
            // Heartbeats come every two seconds; these tests follow the other events.
            if case .confirmed = event { return }
            continuation.yield(event)
        }
        let task = Task { try await listener.run() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .connected)
        try restartCluster()
        #expect(await iterator.next() == .disconnected)
        var reconnected = false
        while let event = await iterator.next() {
            if event == .connected { reconnected = true; break }
        }
        #expect(reconnected)
        let pool = TestDatabase.makePool(maxConnections: 1)
        try await pool.query("SELECT pg_notify('restart_test', 'after')")
        #expect(await iterator.next() == .notification(PGNotification(channel: "restart_test", payload: "after")))
        task.cancel()
        await pool.close()
    }
}
