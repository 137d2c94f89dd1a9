import OCPIModel
import PGClient

extension PeerStore {
    /// A peer registered with token A (credentials POST): stores what we learned, issues token C and revokes token
    /// A, atomically. Returns token C, or nil when the connection is no longer awaiting registration (a concurrent
    /// POST won): then nothing changed.
    public func completeRegistration(_ registration: PeerRegistration, peer: PeerID, registrationTokenID: Int64) async throws -> String? {
        try await pool.withTransaction { transaction in
            guard try await lock(peer, in: transaction) == .awaitingRegistration else { return nil }
            try await store(registration, for: peer, in: transaction)
            try await transaction.query("UPDATE tokens SET revoked_at = now() WHERE id = \(registrationTokenID) AND revoked_at IS NULL")
            return try await issueToken(for: peer, in: transaction).token
        }
    }

    /// How long a token replaced by a credentials PUT keeps working if its successor is not used.
    public static let rotationGrace: Duration = .seconds(600)

    /// A registered peer updated its credentials (credentials PUT): stores the new version, endpoints and token,
    /// and rotates ours: the returned token starts working, and the one it called with retires. That one keeps
    /// working until the new one is first used, or for `rotationGrace`: a peer whose answer was lost is not locked
    /// out (and may PUT again with it). Nil when the connection is not registered.
    public func updateRegistration(_ registration: PeerRegistration, peer: PeerID, callerTokenID: Int64) async throws -> String? {
        try await pool.withTransaction { transaction in
            guard try await lock(peer, in: transaction) == .connected else { return nil }
            try await store(registration, for: peer, in: transaction)
            let issued = try await issueToken(for: peer, in: transaction)
            // A successor that an earlier PUT with this token issued, and that was never used, never reached the peer.
            try await transaction.query(
                """
                UPDATE tokens SET revoked_at = now()
                 WHERE id = (SELECT successor_id FROM tokens WHERE id = \(callerTokenID)) AND last_used_at IS NULL AND revoked_at IS NULL
                """)
            try await transaction.query(
                """
                UPDATE tokens SET retires_at = now() + make_interval(secs => \(Self.rotationGrace.seconds)), successor_id = \(issued.tokenID)
                 WHERE id = \(callerTokenID) AND revoked_at IS NULL
                """)
            return issued.token
        }
    }

    /// The peer unregistered (credentials DELETE): every token it holds stops working; data it owns stays.
    public func unregister(_ peer: PeerID) async throws -> Bool {
        try await pool.withTransaction { transaction in
            guard try await lock(peer, in: transaction) == .connected else { return false }
            try await transaction.query(
                "UPDATE peer_connections SET state = 'unregistered', updated_at = now(), last_error = NULL WHERE id = \(peer.rawValue)")
            try await transaction.query("UPDATE tokens SET revoked_at = now() WHERE peer_id = \(peer.rawValue) AND revoked_at IS NULL")
            return true
        }
    }

    /// A credentials POST or PUT that failed before anything was stored: only the reason is kept, as `last_error`,
    /// for `list_peers.sql`. `message` must already be escaped (it quotes the peer).
    public func noteFailure(_ peer: PeerID, message: String) async throws {
        try await pool.query("UPDATE peer_connections SET last_error = \(message), updated_at = now() WHERE id = \(peer.rawValue)")
    }
}
