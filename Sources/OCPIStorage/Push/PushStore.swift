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
                 WHERE p.state = 'connected' AND pp.suspended_at IS NULL AND pp.lease_until < now() AND pp.next_attempt_at <= now()
                   AND NOT (pp.peer_id = ANY(\(busy.map { String($0.rawValue) })::bigint[]))
                   AND EXISTS (SELECT 1 FROM push_deliveries d WHERE d.peer_id = pp.peer_id AND d.state = 'pending')
                 ORDER BY pp.next_attempt_at
                 LIMIT \(limit)
                   FOR UPDATE OF pp SKIP LOCKED)
            RETURNING peer_id
            """
        ).rows.map { PeerID(rawValue: try $0.decode(0)) }
    }

    /// Extends a lease; false when it was lost (expired and taken by another worker). A holder renews before each
    /// batch and while a batch is in flight, so a lease can stay short and a crashed holder's peers come free soon.
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

    /// When the earliest backed-off peer becomes due, if any work waits (a suspended peer's kept rows do not count).
    public func nextDueDate() async throws -> DateTime? {
        try await pool.query(
            """
            SELECT min(greatest(pp.next_attempt_at, pp.lease_until)) FROM push_peers pp
             WHERE pp.suspended_at IS NULL AND EXISTS (SELECT 1 FROM push_deliveries d WHERE d.peer_id = pp.peer_id AND d.state = 'pending')
            """
        ).first?.decode(0, as: DateTime?.self)
    }

    /// Where and how to push to a peer; nil when it is no longer connected (or has no token or version).
    public func target(_ peer: PeerID) async throws -> PushTarget? {
        guard let row = try await pool.query(
            """
            SELECT p.version, p.peer_token, p.peer_token_format,
                   coalesce((SELECT jsonb_object_agg(e->>'identifier', e->>'url') FROM jsonb_array_elements(p.endpoints) e
                              WHERE coalesce(e->>'role', 'RECEIVER') = 'RECEIVER'), '{}')::text,
                   (SELECT r.role || '*' || r.country_code || '*' || r.party_id FROM peer_roles r WHERE r.peer_id = p.id
                     ORDER BY (r.role = 'EMSP') DESC, r.country_code, r.party_id LIMIT 1),
                   ARRAY(SELECT x FROM unnest(coalesce(p.reader_parties, '{}')) x
                          WHERE NOT EXISTS (SELECT 1 FROM hub_client_info h
                                             WHERE h.peer_id = p.id AND h.country_code || '*' || h.party_id = x
                                               AND h.status IN ('OFFLINE', 'SUSPENDED'))),
                   p.all_tenants,
                   ARRAY(SELECT g.country_code || '*' || g.party_id FROM peer_tenant_grants g WHERE g.peer_id = p.id)
              FROM peer_connections p
             WHERE p.id = \(peer.rawValue) AND p.state = 'connected'
            """
        ).first else { return nil }
        guard let version = try row.decode(0, as: String?.self), let token = try row.decode(1, as: String?.self) else { return nil }
        let urls = try OCPIJSON.decoder.decode([String: String].self, from: Data(try row.decode(3, as: String.self).utf8))
        let party = try row.decode(4, as: String?.self).flatMap { text -> PeerParty? in
            let parts = text.split(separator: "*").map(String.init)
            return parts.count == 3 ? PeerParty(role: parts[0], countryCode: parts[1], partyID: parts[2]) : nil
        }
        return PushTarget(
            peerID: peer, version: VersionNumber(rawValue: version), token: token, tokenFormat: try row.decode(2),
            receivers: Dictionary(uniqueKeysWithValues: urls.map { (ModuleID(rawValue: $0.key), $0.value) }), party: party,
            parties: try row.decode(5, as: [String].self).compactMap { PartyCode(text: $0) },
            allTenants: try row.decode(6), tenants: Set(try row.decode(7, as: [String].self).compactMap { TenantID($0) }))
    }

    /// Settles a peer's pending deliveries without sending them (it left, or no longer has the Receiver).
    public func dropPending(for peer: PeerID, module: ModuleID? = nil, reason: String) async throws {
        try await pool.withConnection { connection in
            try await connection.query(
                """
                UPDATE push_deliveries d SET state = 'superseded', finished_at = now(), last_error = \(reason)
                  FROM outbox_events e
                 WHERE e.id = d.event_id AND d.peer_id = \(peer.rawValue) AND d.state = 'pending'
                   AND (\(module?.rawValue)::text IS NULL OR e.module = \(module?.rawValue))
                """)
        }
    }

    /// Deletes settled deliveries and their events once older than `age` (pending ones are kept however old).
    public func prune(olderThan age: Duration) async throws {
        try await pool.withConnection { connection in
            try await connection.query(
                """
                DELETE FROM push_deliveries
                 WHERE state <> 'pending' AND finished_at < now() - make_interval(secs => \(age.seconds))
                """)
            try await connection.query(
                """
                DELETE FROM outbox_events e
                 WHERE e.created_at < now() - make_interval(secs => \(age.seconds))
                   AND NOT EXISTS (SELECT 1 FROM push_deliveries d WHERE d.event_id = e.id)
                """)
        }
    }

    /// Per peer: pending deliveries and the age of the oldest, for metrics.
    public func backlog() async throws -> [(peer: PeerID, pending: Int, oldestSeconds: Double)] {
        try await pool.query(
            """
            SELECT peer_id, count(*), extract(epoch FROM now() - min(created_at))::float8
              FROM push_deliveries WHERE state = 'pending' GROUP BY peer_id
            """
        ).rows.map { (PeerID(rawValue: try $0.decode(0)), try $0.decode(1), try $0.decode(2)) }
    }
}

extension Duration {
    /// Seconds as a Double, for `make_interval(secs => …)` and back-off arithmetic.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
