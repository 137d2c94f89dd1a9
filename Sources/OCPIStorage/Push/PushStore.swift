import OCPIModel
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The push queues in PostgreSQL. A worker leases a *peer* (one worker per peer at a time, across every service
/// instance), then settles that peer's deliveries oldest first. Leases expire by themselves, so a crashed worker's
/// peers are picked up by another instance, and a restart resumes where it stopped.
public struct PushStore: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    /// Leases up to `limit` peers that have deliveries due, skipping the ones `owner` already works on.
    public func claimPeers(owner: String, lease: Duration, limit: Int, excluding busy: [PeerID]) async throws -> [PeerID] {
        try await pool.query(
            """
            UPDATE push_peers SET lease_owner = \(owner), lease_until = now() + make_interval(secs => \(lease.seconds))
             WHERE peer_id IN (
                SELECT pp.peer_id FROM push_peers pp JOIN peer_connections p ON p.id = pp.peer_id
                 WHERE p.state = 'connected' AND pp.lease_until < now() AND pp.next_attempt_at <= now()
                   AND NOT (pp.peer_id = ANY(\(busy.map { String($0.rawValue) })::bigint[]))
                   AND EXISTS (SELECT 1 FROM push_deliveries d WHERE d.peer_id = pp.peer_id AND d.state = 'pending')
                 ORDER BY pp.next_attempt_at
                 LIMIT \(limit)
                   FOR UPDATE OF pp SKIP LOCKED)
            RETURNING peer_id
            """
        ).rows.map { PeerID(rawValue: try $0.decode(0)) }
    }

    /// Extends a lease; false when it was lost (expired and taken by another worker).
    public func renewLease(_ peer: PeerID, owner: String, lease: Duration) async throws -> Bool {
        try await pool.query(
            """
            UPDATE push_peers SET lease_until = now() + make_interval(secs => \(lease.seconds))
             WHERE peer_id = \(peer.rawValue) AND lease_owner = \(owner)
            """
        ).affectedRows == 1
    }

    /// Gives a peer back: at once, or after a back-off.
    public func releasePeer(_ peer: PeerID, owner: String, retryAfter: Duration?) async throws {
        try await pool.query(
            """
            UPDATE push_peers
               SET lease_owner = NULL, lease_until = '-infinity',
                   next_attempt_at = CASE WHEN \(retryAfter?.seconds)::float8 IS NULL THEN '-infinity'
                                          ELSE now() + make_interval(secs => \(retryAfter?.seconds)) END
             WHERE peer_id = \(peer.rawValue) AND lease_owner = \(owner)
            """)
    }

    /// When the earliest backed-off peer becomes due, if any work waits.
    public func nextDueDate() async throws -> DateTime? {
        try await pool.query(
            """
            SELECT min(greatest(pp.next_attempt_at, pp.lease_until)) FROM push_peers pp
             WHERE EXISTS (SELECT 1 FROM push_deliveries d WHERE d.peer_id = pp.peer_id AND d.state = 'pending')
            """
        ).first?.decode(0, as: DateTime?.self)
    }

    /// Where and how to push to a peer; nil when it is no longer connected or has no Locations Receiver.
    public func target(_ peer: PeerID) async throws -> PushTarget? {
        guard let row = try await pool.query(
            """
            SELECT p.version, p.peer_token, p.peer_token_format,
                   (SELECT e->>'url' FROM jsonb_array_elements(p.endpoints) e
                     WHERE e->>'identifier' = 'locations' AND coalesce(e->>'role', 'RECEIVER') = 'RECEIVER' LIMIT 1),
                   (SELECT r.role || '*' || r.country_code || '*' || r.party_id FROM peer_roles r WHERE r.peer_id = p.id
                     ORDER BY (r.role = 'EMSP') DESC, r.country_code, r.party_id LIMIT 1),
                   pp.consecutive_failures, pp.first_failure_at, pp.needs_resync
              FROM peer_connections p JOIN push_peers pp ON pp.peer_id = p.id
             WHERE p.id = \(peer.rawValue) AND p.state = 'connected'
            """
        ).first else { return nil }
        guard let version = try row.decode(0, as: String?.self), let token = try row.decode(1, as: String?.self),
            let url = try row.decode(3, as: String?.self)
        else { return nil }
        let party = try row.decode(4, as: String?.self).flatMap { text -> PeerParty? in
            let parts = text.split(separator: "*").map(String.init)
            return parts.count == 3 ? PeerParty(role: parts[0], countryCode: parts[1], partyID: parts[2]) : nil
        }
        return PushTarget(
            peerID: peer, version: VersionNumber(rawValue: version), token: token, tokenFormat: try row.decode(2),
            locationsURL: url, party: party, consecutiveFailures: try row.decode(5), firstFailureAt: try row.decode(6),
            needsResync: try row.decode(7))
    }
}

extension Duration {
    /// Seconds as a Double, for `make_interval(secs => …)`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
