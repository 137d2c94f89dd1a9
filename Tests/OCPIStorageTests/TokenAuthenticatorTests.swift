import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Tokens resolve to their principal; anything revoked or out of state resolves to nothing, cached or not.
@Suite(.timeLimit(.minutes(1)))
struct TokenAuthenticatorTests {
    @Test func unknownTokensResolveToNothing() async throws {
        try await TestDatabase.withPool { pool in
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            let result = try await authenticator.authenticate(token: "no-such-token")
            #expect(result == nil)
        }
    }

    @Test func aRegistrationTokenStopsWorkingOnceItsConnectionIsRegistered() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let token = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description))").first!.decode(0, as: String.self)
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            guard case .registration(let peer) = try await authenticator.authenticate(token: token)?.principal else {
                Issue.record("expected a registration principal")
                return
            }
            try await pool.query("UPDATE peer_connections SET state = 'connected' WHERE id = \(peer.rawValue)")
            #expect((try await authenticator.authenticate(token: token)) == nil)
        }
    }

    @Test func aCachedTokenIsDroppedWhenTheDatabaseSaysItChanged() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            let (events, continuation) = AsyncStream.makeStream(of: PGListener.Event.self)
            let listener = PGListener(conninfo: TestDatabase.url, channels: ["ocpi_tokens_changed"], logger: TestDatabase.logger) { event in
                authenticator.follow(event)
                if case .confirmed = event { return }
                continuation.yield(event)
            }
            let task = Task { try await listener.run() }
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == .connected)
            #expect(try await authenticator.authenticate(token: token)?.principal == .owner(tenant))
            try await pool.query("UPDATE tokens SET revoked_at = now() WHERE digest = \(TokenDigest(token: token))")
            // Wait for our notification (other tests may cause some too).
            while let event = await iterator.next(), case .notification = event {
                if try await authenticator.authenticate(token: token) == nil { break }
            }
            #expect((try await authenticator.authenticate(token: token)) == nil)
            task.cancel()
        }
    }

    /// While caching is on, a lookup is answered from memory (a revocation the service was not told about is not
    /// seen), until `invalidate()`.
    @Test func theCacheAnswersUntilInvalidated() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            authenticator.setCaching(enabled: true)
            #expect(try await authenticator.authenticate(token: token)?.principal == .owner(tenant))
            try await pool.query("UPDATE tokens SET revoked_at = now() WHERE digest = \(TokenDigest(token: token))")
            #expect(try await authenticator.authenticate(token: token)?.principal == .owner(tenant), "served from the cache")
            authenticator.invalidate()
            #expect((try await authenticator.authenticate(token: token)) == nil, "read again from the database")
        }
    }

    /// A token rotated by a credentials PUT is in its grace period: it works, but is never cached, so that the grace
    /// ends on time even though nothing notifies its end.
    @Test func aRetiringTokenIsNotCached() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let token = try await pool.query("SELECT ocpi_admin.register_peer('NL', 'RTR', 'EMSP', \(tenant.description), NULL, NULL)").first!.decode(0, as: String.self)
            try await pool.query("UPDATE tokens SET retires_at = now() + interval '10 minutes' WHERE digest = \(TokenDigest(token: token))")
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            authenticator.setCaching(enabled: true)
            let found = try #require(try await authenticator.authenticate(token: token))
            #expect(found.isRetiring)
            try await pool.query("UPDATE tokens SET retires_at = now() - interval '1 second' WHERE digest = \(TokenDigest(token: token))")
            #expect((try await authenticator.authenticate(token: token)) == nil, "the grace ended; nothing cached hides it")
        }
    }
}
