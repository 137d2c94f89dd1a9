import OCPIModel
import PGClient

/// The handshakes we start (connect_peer.sql) and endpoint discovery for hand-registered peers.
extension PeerStore {
    /// Claims connections with a handshake or discovery due now, oldest first. A claim is a two-minute lease
    /// (`next_attempt_at` moves ahead), taken with `SKIP LOCKED`: several service instances, or passes, never work
    /// on the same connection at once, and a claim lost in a crash expires by itself.
    public func claimDuePeers(limit: Int = 20, lease: Duration = .seconds(120)) async throws -> [PeerConnection] {
        try await pool.query(
            """
            UPDATE peer_connections
               SET next_attempt_at = now() + make_interval(secs => \(lease.seconds))
             WHERE id IN (SELECT id FROM peer_connections
                           WHERE (state = 'handshake_pending' OR (state = 'connected' AND needs_discovery))
                             AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                           ORDER BY next_attempt_at NULLS FIRST, id
                           LIMIT \(limit)
                             FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.columns)
            """
        ).rows.map(Self.decode)
    }

    /// When the next due connection becomes due, if any: the connector sleeps until then.
    public func nextDueDate() async throws -> DateTime? {
        try await pool.query(
            """
            SELECT min(next_attempt_at) FROM peer_connections
             WHERE state = 'handshake_pending' OR (state = 'connected' AND needs_discovery)
            """
        ).first?.decode(0, as: DateTime?.self)
    }

    /// Issues the token B we give a peer we register with; committed before we POST, because the peer reads our
    /// versions with it while answering.
    public func issueHandshakeToken(for peer: PeerID) async throws -> (token: String, tokenID: Int64) {
        try await pool.withTransaction { transaction in
            try await issueToken(for: peer, in: transaction)
        }
    }

    /// Withdraws a token B after a failed handshake, so that a retry starts clean.
    public func withdrawToken(_ tokenID: Int64) async throws {
        try await pool.query("DELETE FROM tokens WHERE id = \(tokenID)")
    }

    /// Our handshake, or a discovery, succeeded. Returns false, storing nothing, when the operator disconnected the
    /// connection while the calls were under way: the handshake must not bring it back.
    @discardableResult
    public func completeHandshake(_ registration: PeerRegistration, peer: PeerID) async throws -> Bool {
        try await pool.withTransaction { transaction in
            guard let state = try await lock(peer, in: transaction), state == .handshakePending || state == .connected else { return false }
            try await store(registration, for: peer, in: transaction)
            return true
        }
    }

    /// Records a failed attempt: retried after `retryAfter`, or given up (`failed`) when nil. Not `pool.query`:
    /// that retries after a broken connection, and `attempts` must count once.
    public func recordFailure(_ peer: PeerID, message: String, retryAfter: Duration?) async throws {
        try await pool.withConnection { connection in
            try await connection.query(
                """
                UPDATE peer_connections
                   SET last_error = \(message), attempts = attempts + 1, updated_at = now(),
                       next_attempt_at = CASE WHEN \(retryAfter?.seconds)::float8 IS NULL THEN NULL
                                              ELSE now() + make_interval(secs => \(retryAfter?.seconds)) END,
                       needs_discovery = needs_discovery AND \(retryAfter != nil),
                       state = CASE WHEN \(retryAfter == nil) AND state = 'handshake_pending' THEN 'failed' ELSE state END
                 WHERE id = \(peer.rawValue)
                """)
        }
    }
}
