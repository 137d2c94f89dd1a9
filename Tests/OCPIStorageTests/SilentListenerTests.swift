import Foundation
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The invalidation listener's connection dies without a word (a proxy between it and PostgreSQL stops forwarding
/// but keeps the sockets open), so the revocation's `NOTIFY` never arrives: the token is still refused within 5 s
/// of its revocation, and the listener notices and connects again.
@Suite(.timeLimit(.minutes(1)))
struct SilentListenerTests {
    @Test func aRevokedTokenIsRefusedWithinFiveSecondsWhenTheListenerDiedSilently() async throws {
        // A pool of its own: the shared one's queue under a full parallel run would only blur the timing.
        try await TestDatabase.withPool(maxConnections: 2) { pool in
            let proxy = try StallingTCPProxy(targetPort: try #require(URLComponents(string: TestDatabase.url)?.port))
            defer { proxy.close() }
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            let (events, continuation) = AsyncStream.makeStream(of: PGListener.Event.self)
            let listener = PGListener(
                conninfo: proxy.rewrite(TestDatabase.url), channels: [TokenAuthenticator.invalidationChannel], logger: TestDatabase.logger
            ) { event in
                authenticator.follow(event)
                continuation.yield(event)
            }
            let task = Task { try await listener.run() }
            defer { task.cancel() }
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == .connected)

            proxy.stall()
            let stalledAt = ContinuousClock.now
            // Cached now; no notification (other tests change tokens too) can reach the listener to drop it. Read
            // twice: a first lookup that raced an invalidation (the listener's first events) is not cached.
            #expect(try await authenticator.authenticate(token: token)?.principal == .owner(tenant))
            #expect(try await authenticator.authenticate(token: token)?.principal == .owner(tenant))
            try await pool.query("UPDATE tokens SET revoked_at = now() WHERE digest = \(TokenDigest(token: token))")
            // The revocation committed before this instant; the bound is counted from here, so that a slow machine
            // cannot make the test pass or fail by itself.
            let committed = ContinuousClock.now
            let servedFromCache = try await authenticator.authenticate(token: token) != nil
            // Unless the machine is so slow that the heartbeat's 3 s timeout already ended the connection.
            // Under a full parallel run other tests' token changes keep notifications flowing, and one already inside
            // the proxy when it stalled can still arrive and drop the cache: then this check has nothing to show.
            // The bound below is what the test proves, so this is a known intermittent issue, not a failure.
            if ContinuousClock.now - stalledAt < .milliseconds(2500) {
                withKnownIssue("the cache was dropped before the revocation", isIntermittent: true) {
                    #expect(servedFromCache, "still served from the cache: the listener heard nothing of the revocation")
                }
            }

            // Every lookup that starts 5 s or more after the commit refuses the token; poll until one refuses.
            var refused = false
            var lastAccepted: ContinuousClock.Instant?
            while !refused, ContinuousClock.now - committed < .seconds(10) {
                let started = ContinuousClock.now
                if try await authenticator.authenticate(token: token) == nil {
                    refused = true
                } else {
                    lastAccepted = started
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(refused, "the revoked token was still accepted 10 s after its revocation")
            if let lastAccepted {
                #expect(lastAccepted - committed < .seconds(5), "accepted \(lastAccepted - committed) after the revocation")
            }

            // The missing heartbeat took the connection for dead; a new one (the proxy forwards new connections) is made.
            var sawDisconnect = false
            var reconnected = false
            while !reconnected, let event = await iterator.next() {
                if event == .disconnected { sawDisconnect = true }
                if event == .connected { reconnected = sawDisconnect }
            }
            #expect(sawDisconnect && reconnected)
            #expect(try await authenticator.authenticate(token: token) == nil)
        }
    }
}
