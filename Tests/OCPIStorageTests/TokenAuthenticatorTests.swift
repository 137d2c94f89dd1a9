import OCPIModel
import OCPIStorage
import PGClient
import Synchronization
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
            // The listener's heartbeat vouches for the cache (as it does every 2 s in the service): without it, an entry
            // older than 5 s is read again, which a loaded machine can reach between these two lookups.
            authenticator.listenerConfirmed(asOf: .now)
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

    /// The first use of a rotation's successor is recorded before that request is answered, so its predecessor is
    /// revoked by then: it can no longer PUT again and withdraw a successor the peer already uses. Shown by holding
    /// the successor's row: the lookup waits for it instead of answering first and recording later.
    @Test func aSuccessorsFirstUseIsRecordedBeforeItIsAnswered() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let old = try await pool.query("SELECT ocpi_admin.register_peer('NL', 'SUC', 'EMSP', \(tenant.description), NULL, NULL)").first!.decode(0, as: String.self)
            let successor = "successor-\(UInt64.random(in: .min ... .max))"
            let successorID = try await pool.query(
                """
                INSERT INTO tokens (digest, kind, peer_id, hint)
                SELECT \(TokenDigest(token: successor)), 'peer', peer_id, 'succ' FROM tokens WHERE digest = \(TokenDigest(token: old))
                RETURNING id
                """
            ).first!.decode(0, as: Int64.self)
            try await pool.query(
                "UPDATE tokens SET retires_at = now() + interval '10 minutes', successor_id = \(successorID) WHERE digest = \(TokenDigest(token: old))")
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            let answered = AnsweredFlag()
            let lookup = try await pool.withTransaction { transaction in
                try await transaction.query("SELECT 1 FROM tokens WHERE id = \(successorID) FOR UPDATE")
                let lookup = Task {
                    let found = try await authenticator.authenticate(token: successor)
                    answered.value.withLock { $0 = true }
                    return found
                }
                try await Task.sleep(for: .milliseconds(500))
                #expect(!answered.value.withLock { $0 }, "not answered before its first use is recorded")
                return lookup
            }
            #expect(try await lookup.value != nil)
            let row = try await pool.query(
                """
                SELECT (SELECT last_used_at IS NOT NULL FROM tokens WHERE id = \(successorID)),
                       (SELECT revoked_at IS NOT NULL FROM tokens WHERE digest = \(TokenDigest(token: old)))
                """
            ).first!
            #expect(try row.decode(0, as: Bool.self), "the successor's first use is recorded")
            #expect(try row.decode(1, as: Bool.self), "and its predecessor is revoked, by the time the successor is answered")
            #expect(try await authenticator.authenticate(token: old) == nil)
        }
    }

    /// A successor withdrawn while its first request was being looked up is refused, not answered.
    @Test func aSuccessorRevokedDuringItsLookupIsRefused() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let old = try await pool.query("SELECT ocpi_admin.register_peer('NL', 'SUR', 'EMSP', \(tenant.description), NULL, NULL)").first!.decode(0, as: String.self)
            let successor = "successor-\(UInt64.random(in: .min ... .max))"
            let successorID = try await pool.query(
                """
                INSERT INTO tokens (digest, kind, peer_id, hint)
                SELECT \(TokenDigest(token: successor)), 'peer', peer_id, 'succ' FROM tokens WHERE digest = \(TokenDigest(token: old))
                RETURNING id
                """
            ).first!.decode(0, as: Int64.self)
            try await pool.query(
                "UPDATE tokens SET retires_at = now() + interval '10 minutes', successor_id = \(successorID) WHERE digest = \(TokenDigest(token: old))")
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            let lookup = try await pool.withTransaction { transaction in
                try await transaction.query("UPDATE tokens SET revoked_at = now() WHERE id = \(successorID)")
                let lookup = Task { try await authenticator.authenticate(token: successor) }
                try await Task.sleep(for: .milliseconds(300))
                return lookup
            }
            #expect(try await lookup.value == nil, "revoked before its first use was recorded")
            #expect(try await authenticator.authenticate(token: old) != nil, "the predecessor keeps its grace")
        }
    }
}

/// Set once a lookup has been answered, read by the test while it holds the token's row.
private final class AnsweredFlag: Sendable {
    let value = Mutex(false)
}
