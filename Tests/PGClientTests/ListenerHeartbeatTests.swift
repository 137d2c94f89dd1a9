import Foundation
@testable import PGClient
import Testing
import TestSupport

/// The listener checks its connection with a `NOTIFY` to itself: answered, it confirms that nothing was missed up to
/// when it was sent; unanswered past the timeout, the connection counts as dead.
@Suite(.timeLimit(.minutes(1)))
struct ListenerHeartbeatTests {
    @Test func aHeartbeatIsSentEachIntervalAndOverdueAfterTheTimeout() {
        let start = ContinuousClock.now
        var heartbeat = PGListenerHeartbeat(interval: .seconds(2), timeout: .seconds(3), now: start)
        #expect(heartbeat.action(at: start) == .send("1"), "the first is due at once")
        #expect(heartbeat.action(at: start + .seconds(1)) == .wait, "one at a time")
        #expect(heartbeat.answered("0") == nil, "not the one outstanding")
        #expect(heartbeat.answered("1") == start, "confirmed as of when it was sent")
        #expect(heartbeat.action(at: start + .milliseconds(1500)) == .wait, "the next is due an interval after the last")
        #expect(heartbeat.action(at: start + .seconds(2)) == .send("2"))
        #expect(heartbeat.action(at: start + .seconds(5)) == .wait, "not yet past the timeout")
        #expect(heartbeat.action(at: start + .milliseconds(5001)) == .overdue(sentAt: start + .seconds(2)))
    }

    @Test func aLiveConnectionIsConfirmedAfterTheNotificationsBeforeIt() async throws {
        let name = "heartbeat_test_" + String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        let (events, continuation) = AsyncStream.makeStream(of: PGListener.Event.self)
        let listener = PGListener(
            conninfo: TestDatabase.url, channels: [name], logger: TestDatabase.logger, heartbeatInterval: .milliseconds(200)
        ) { continuation.yield($0) }
        let task = Task { try await listener.run() }
        defer { task.cancel() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .connected)
        let pool = TestDatabase.makePool(maxConnections: 1)
        try await pool.query("SELECT pg_notify(\(name), 'before')")
        let committed = ContinuousClock.now
        // Each heartbeat sent after the notification was committed comes back after it.
        var notified = false
        while let event = await iterator.next() {
            if event == .notification(PGNotification(channel: name, payload: "before")) { notified = true }
            if case .confirmed(let asOf) = event, asOf > committed { break }
        }
        #expect(notified, "the notification came before the confirmation of a heartbeat sent after it")
        await pool.close()
    }
}
