import Logging
import OCPIModel
import PGClient
import Synchronization

/// Resolves a presented token to a `Principal`, by its digest.
///
/// Lookups are cached while a `PGListener` on `ocpi_tokens_changed` is connected: every change that can withdraw
/// access (revocation, unregistering, grants, deleting a tenant) fires that notification from a trigger, and the
/// cache is dropped at once. Without the listener (tests, a lost connection) every request reads the database, so a
/// revoked token never outlives its revocation by more than the notification's delivery.
///
/// A listener whose connection died silently delivers nothing and still looks connected, so a cached lookup is also
/// bounded in time: it is served only while it is less than `maxStaleness` old, or the listener confirmed, by a
/// heartbeat sent less than `maxStaleness` ago, that it had received every notification up to then. Either way the
/// answer reflects the database as it was less than `maxStaleness` ago, so a revocation takes effect on every
/// instance within that bound, whatever happened to its listener (`follow(_:)` wires the listener's events).
public final class TokenAuthenticator: Sendable {
    struct Entry: Sendable {
        var token: AuthenticatedToken
        var fetchedAt: ContinuousClock.Instant
        var touchedAt: ContinuousClock.Instant
    }

    struct Cache: Sendable {
        var isEnabled = false
        var entries: [TokenDigest: Entry] = [:]
        /// Moves on every invalidation: a lookup that started before one must not put its answer in the cache.
        var generation = 0
        /// The latest instant as of which the listener is known to have delivered every notification.
        var confirmedAt: ContinuousClock.Instant?
    }

    private let pool: PGPool
    private let logger: Logger
    private let cache = Mutex(Cache())
    /// How long a cached lookup may be used even without a notification (a safety net only).
    let maxCacheAge: Duration = .seconds(60)
    /// How far behind the database a cached answer may be: the bound on a revocation reaching every instance.
    let maxStaleness: Duration = .seconds(5)
    /// `last_used_at` is written at most this often per token, to keep reads from turning into writes.
    let touchInterval: Duration = .seconds(60)

    public init(pool: PGPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Turns caching on (the invalidation listener is connected) or off (it is not), dropping what was cached.
    public func setCaching(enabled: Bool) {
        cache.withLock {
            $0.isEnabled = enabled
            $0.entries.removeAll()
            $0.generation += 1
            $0.confirmedAt = nil
        }
    }

    /// The listener has delivered every notification committed before `instant` (an answered heartbeat).
    public func listenerConfirmed(asOf instant: ContinuousClock.Instant) {
        cache.withLock { $0.confirmedAt = max($0.confirmedAt ?? instant, instant) }
    }

    /// Forgets every cached lookup.
    public func invalidate() {
        cache.withLock {
            $0.entries.removeAll()
            $0.generation += 1
        }
    }

    /// The principal for a plain token, or nil when it is unknown, revoked, or belongs to a connection that is not in
    /// a state to use it.
    public func authenticate(token: String) async throws -> AuthenticatedToken? {
        let digest = TokenDigest(token: token)
        let now = ContinuousClock.now
        let (cached, generation): (Entry?, Int) = cache.withLock { state in
            guard state.isEnabled, var entry = state.entries[digest], now - entry.fetchedAt < maxCacheAge,
                now - max(entry.fetchedAt, state.confirmedAt ?? entry.fetchedAt) < maxStaleness
            else { return (nil, state.generation) }
            if now - entry.touchedAt >= touchInterval {
                entry.touchedAt = now
                state.entries[digest] = entry
                touch(entry.token.tokenID)
            }
            return (entry, state.generation)
        }
        if let cached { return cached.token }

        guard let looked = try await lookUp(digest) else { return nil }
        let (found, endsGrace) = looked
        if endsGrace {
            guard try await recordFirstUse(of: found.tokenID) else { return nil }
        } else {
            touch(found.tokenID)
        }
        cache.withLock { state in
            if state.isEnabled && state.generation == generation && !found.isRetiring {
                state.entries[digest] = Entry(token: found, fetchedAt: now, touchedAt: now)
            }
        }
        return found
    }

    /// The token, and whether this use is the first of a successor whose predecessor is still in its grace: that
    /// use must be recorded before the request is answered (`recordFirstUse(of:)`).
    private func lookUp(_ digest: TokenDigest) async throws -> (AuthenticatedToken, endsGrace: Bool)? {
        let result = try await pool.query(
            """
            SELECT t.id, t.kind, t.country_code, t.party_id, t.peer_id, p.state, p.all_tenants,
                   (SELECT string_agg(g.country_code || '*' || g.party_id, ',')
                      FROM peer_tenant_grants g WHERE g.peer_id = t.peer_id),
                   (SELECT string_agg(r.role || '*' || r.country_code || '*' || r.party_id, ',')
                      FROM peer_roles r WHERE r.peer_id = t.peer_id),
                   array_to_string(p.versions, ','), t.retires_at IS NOT NULL,
                   t.last_used_at IS NULL AND EXISTS (SELECT 1 FROM tokens o WHERE o.successor_id = t.id AND o.revoked_at IS NULL),
                   array_to_string(p.reader_parties, ',')
              FROM tokens t LEFT JOIN peer_connections p ON p.id = t.peer_id
             WHERE t.digest = \(digest) AND t.revoked_at IS NULL AND (t.retires_at IS NULL OR t.retires_at > now())
            """)
        guard let row = result.first else { return nil }
        let id = try row.decode(0, as: Int64.self)
        // The versions the connection is offered; NULL offers all (owner tokens have no connection).
        let offered = try row.decode(9, as: String?.self).map { Set($0.split(separator: ",").map { VersionNumber(rawValue: String($0)) }) }
        let retiring = try row.decode(10, as: Bool.self)
        let endsGrace = try row.decode(11, as: Bool.self)
        func token(_ principal: Principal) -> (AuthenticatedToken, endsGrace: Bool) {
            (AuthenticatedToken(tokenID: id, principal: principal, offeredVersions: offered, isRetiring: retiring), endsGrace)
        }
        switch try row.decode(1, as: String.self) {
        case "owner":
            guard let tenant = TenantID(countryCode: try row.decode(2), partyID: try row.decode(3)) else { return nil }
            return token(.owner(tenant))
        case "registration":
            guard try row.decode(5, as: String?.self) == "awaiting_registration" else { return nil }
            return token(.registration(PeerID(rawValue: try row.decode(4))))
        case "peer":
            let state = try row.decode(5, as: String?.self)
            // Token B of a handshake we started: the peer reads our versions with it before the handshake completes.
            if state == "handshake_pending" {
                return token(.registration(PeerID(rawValue: try row.decode(4))))
            }
            guard state == "connected" else { return nil }
            let grants = (try row.decode(7, as: String?.self) ?? "").split(separator: ",").compactMap { TenantID($0) }
            let parties = (try row.decode(8, as: String?.self) ?? "").split(separator: ",").compactMap { item -> PeerParty? in
                let parts = item.split(separator: "*")
                guard parts.count == 3 else { return nil }
                return PeerParty(role: String(parts[0]), countryCode: String(parts[1]), partyID: String(parts[2]))
            }
            let access = PeerAccess(
                peerID: PeerID(rawValue: try row.decode(4)),
                allTenants: try row.decode(6, as: Bool?.self) ?? false,
                tenants: Set(grants),
                parties: parties,
                readerParties: (try row.decode(12, as: String?.self) ?? "").split(separator: ",").compactMap { PartyCode(text: $0) }
            )
            return token(.peer(access))
        default:
            return nil
        }
    }

    /// Records the first use of a rotation's successor on the request's path: its predecessor is revoked (trigger
    /// `tokens_first_used`, migration 0011) before this request is answered, so that the predecessor can no longer
    /// PUT again and revoke a successor the peer already uses as "never received". False when the token was revoked
    /// meanwhile (by such a PUT): the request is refused, as the lookup would now refuse it.
    private func recordFirstUse(of tokenID: Int64) async throws -> Bool {
        try await pool.query(
            "UPDATE tokens SET last_used_at = coalesce(last_used_at, now()) WHERE id = \(tokenID) AND revoked_at IS NULL RETURNING id"
        ).first != nil
    }

    /// Records use of a token, off the request's path (except a successor's first use: `recordFirstUse(of:)`). The first use of a token C issued by a credentials PUT also
    /// ends the grace of the token it replaced (trigger `tokens_first_used`, migration 0011).
    private func touch(_ tokenID: Int64) {
        let pool = self.pool
        let logger = self.logger
        Task.detached {
            do {
                try await pool.query(
                    "UPDATE tokens SET last_used_at = now() WHERE id = \(tokenID) AND (last_used_at IS NULL OR last_used_at < now() - interval '30 seconds')")
            } catch {
                logger.debug("could not record token use", metadata: ["pg.error": "\(error)"])
            }
        }
    }
}
