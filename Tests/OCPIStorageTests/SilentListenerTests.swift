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
        try await TestDatabase.withPool { pool in
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
            // Cached now; no notification (other tests change tokens too) can reach the listener to drop it.
            #expect(try await authenticator.authenticate(token: token)?.principal == .owner(tenant))
            let revokedAt = ContinuousClock.now
            try await pool.query("UPDATE tokens SET revoked_at = now() WHERE digest = \(TokenDigest(token: token))")
            #expect(
                try await authenticator.authenticate(token: token)?.principal == .owner(tenant),
                "still served from the cache: the listener heard nothing of the revocation")

            var refusedAfter: Duration?
            while refusedAfter == nil, ContinuousClock.now - revokedAt < .seconds(8) {
                try await Task.sleep(for: .milliseconds(100))
                if try await authenticator.authenticate(token: token) == nil { refusedAfter = ContinuousClock.now - revokedAt }
            }
            let after = try #require(refusedAfter, "the revoked token was still accepted 8 s after its revocation")
            #expect(after < .seconds(5), "refused \(after) after the revocation")

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
