import OCPIModel
import PGClient

/// The state of the token pulls (`token_syncs`): which connections are due, who is pulling, and what the last pull
/// did. A claim is a lease: one instance pulls a connection at a time, and a crashed pull is taken up again when its
/// lease runs out.
public struct TokenSyncStore: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    /// A connection to pull from, as claimed.
    public struct Claim: Sendable, Hashable {
        public var peerID: PeerID
        /// This claim's own id: progress and the outcome are recorded only while the claim is still this one's.
        public var claimID: String
        /// `date_from` of this pull: the start of the last complete one; nil for the first.
        public var since: DateTime?
        public var connection: EMSPConnection
        /// The parties it speaks for: only their tokens are taken.
        public var parties: [PartyCode]
        /// The tenant named in `OCPI-from-*`: the first it is granted.
        public var fromTenant: TenantID?
        public var consecutiveFailures: Int
    }

    /// The connections a pull may be made from: connected, with reader parties, a token and a Tokens Sender.
    static let eligible: StaticString = """
        p.state = 'connected' AND cardinality(p.reader_parties) > 0 AND p.peer_token IS NOT NULL AND p.version IS NOT NULL
        AND ocpi_tokens_sender_url(p.endpoints) IS NOT NULL
        """

    /// Claims up to `limit` connections due for a pull (`eligible`, never pulled or due again, and not being pulled
    /// elsewhere); only `peer`, when given.
    public func claimDue(limit: Int = 8, lease: Duration, peer: PeerID? = nil) async throws -> [Claim] {
        let claimID = TokenGenerator.generate()
        let rows = try await pool.query(
            """
            WITH due AS (
                SELECT p.id FROM peer_connections p LEFT JOIN token_syncs s ON s.peer_id = p.id
                 WHERE \(unescaped: Self.eligible)
                   AND (s.peer_id IS NULL OR (s.next_due_at <= now() AND (s.lease_until IS NULL OR s.lease_until < now())))
                   AND (\(peer?.rawValue)::bigint IS NULL OR p.id = \(peer?.rawValue))
                 ORDER BY s.next_due_at NULLS FIRST, p.id
                 LIMIT \(limit)
            ), claimed AS (
                INSERT INTO token_syncs (peer_id, lease_until, claim_id, started_at)
                SELECT id, now() + make_interval(secs => \(lease.seconds)), \(claimID), now() FROM due
                ON CONFLICT (peer_id) DO UPDATE
                   SET lease_until = EXCLUDED.lease_until, claim_id = EXCLUDED.claim_id, started_at = now(), pages = 0, stored = 0,
                       kept_newer = 0, refused = 0
                 WHERE token_syncs.next_due_at <= now() AND (token_syncs.lease_until IS NULL OR token_syncs.lease_until < now())
                RETURNING peer_id, synced_from, consecutive_failures
            )
            SELECT c.peer_id, c.synced_from, p.id, p.version, p.peer_token, p.peer_token_format,
                   ocpi_tokens_sender_url(p.endpoints),
                   p.reader_parties,
                   CASE WHEN p.all_tenants THEN (SELECT t.country_code || '*' || t.party_id FROM tenants t ORDER BY 1 LIMIT 1)
                        ELSE (SELECT g.country_code || '*' || g.party_id FROM peer_tenant_grants g WHERE g.peer_id = p.id ORDER BY 1 LIMIT 1) END,
                   c.consecutive_failures
              FROM claimed c JOIN peer_connections p ON p.id = c.peer_id
            """)
        return try rows.rows.compactMap { row in
            guard let connection = try TokenStatements.holder(row, from: 2) else { return nil }
            return Claim(
                peerID: PeerID(rawValue: try row.decode(0)), claimID: claimID, since: try row.decode(1, as: DateTime?.self), connection: connection,
                parties: try row.decode(7, as: [String].self).compactMap { PartyCode(text: $0) },
                fromTenant: try row.decode(8, as: String?.self).flatMap { TenantID($0) },
                consecutiveFailures: Int(try row.decode(9, as: Int32.self)))
        }
    }

    /// What a pull did so far; extends its lease. False when the claim is no longer this pull's (its lease ran out
    /// and another pull took over), or the connection changed since the claim (no longer connected, other parties):
    /// the pull must stop.
    public func progress(_ claim: Claim, pages: Int, stored: Int, keptNewer: Int, refused: Int, lease: Duration) async throws -> Bool {
        let parties = claim.parties.map(\.description)
        return try await !pool.query(
            """
            UPDATE token_syncs s SET pages = \(pages), stored = \(stored), kept_newer = \(keptNewer), refused = \(refused),
                   lease_until = now() + make_interval(secs => \(lease.seconds))
             WHERE s.peer_id = \(claim.peerID.rawValue) AND s.claim_id = \(claim.claimID) AND s.lease_until > now()
               AND EXISTS (SELECT 1 FROM peer_connections p
                            WHERE p.id = s.peer_id AND p.state = 'connected'
                              AND p.reader_parties @> \(parties)::text[] AND p.reader_parties <@ \(parties)::text[])
            RETURNING 1
            """
        ).rows.isEmpty
    }

    /// A pull read to the end: the next one starts from `since` (this one's start, less a margin) after `interval`.
    /// `note` keeps the first refusal, for the operator.
    public func finish(_ claim: Claim, since: DateTime, interval: Duration, note: String?) async throws {
        try await pool.query(
            """
            UPDATE token_syncs SET synced_from = \(since), finished_at = now(), lease_until = NULL, claim_id = NULL,
                   consecutive_failures = 0, next_due_at = now() + make_interval(secs => \(interval.seconds)), last_error = \(note)
             WHERE peer_id = \(claim.peerID.rawValue) AND claim_id = \(claim.claimID)
            """)
    }

    /// A pull that failed: tried again after `retryAfter`, from where the last complete one left off.
    public func fail(_ claim: Claim, message: String, retryAfter: Duration) async throws {
        try await pool.query(
            """
            UPDATE token_syncs SET lease_until = NULL, claim_id = NULL, consecutive_failures = consecutive_failures + 1,
                   last_error = \(message), next_due_at = now() + make_interval(secs => \(retryAfter.seconds))
             WHERE peer_id = \(claim.peerID.rawValue) AND claim_id = \(claim.claimID)
            """)
    }

    /// When the next pull is due, among connections a pull may be made from.
    public func nextDueDate() async throws -> DateTime? {
        try await pool.query(
            """
            SELECT min(greatest(s.next_due_at, coalesce(s.lease_until, s.next_due_at)))
              FROM token_syncs s JOIN peer_connections p ON p.id = s.peer_id
             WHERE \(unescaped: Self.eligible)
            """
        ).first?.decode(0, as: DateTime?.self)
    }
}
