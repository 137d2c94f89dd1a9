import OCPIModel
import PGClient

extension PushStore {
    /// The next deliveries to make to a peer, at most one per top-level object (a location), oldest first, at most
    /// `limit`: each is its object's oldest pending delivery with every later pending delivery of the same object
    /// folded in. Different locations can go out at once; one location's changes never overtake each other.
    public func nextDeliveries(for peer: PeerID, limit: Int) async throws -> [PushDelivery] {
        let rows = try await pool.query(
            """
            WITH pending AS (
                SELECT id, object_key, array_to_string((string_to_array(object_key, '/'))[1:4], '/') AS top_key
                  FROM push_deliveries WHERE peer_id = \(peer.rawValue) AND state = 'pending'
            ), heads AS (
                SELECT DISTINCT ON (top_key) top_key, object_key, id FROM pending ORDER BY top_key, id
            ), chosen AS (
                SELECT object_key, id AS head FROM heads ORDER BY id LIMIT \(limit)
            )
            SELECT d.id, d.resync, e.country_code, e.party_id, e.object_id, e.sub_ids, e.kind, e.fields,
                   e.correlation_id::text, e.created_at, e.module, chosen.head
              FROM push_deliveries d JOIN outbox_events e ON e.id = d.event_id JOIN chosen ON chosen.object_key = d.object_key
             WHERE d.peer_id = \(peer.rawValue) AND d.state = 'pending'
             ORDER BY chosen.head, d.id
            """
        ).rows
        var deliveries: [PushDelivery] = []
        var group: [PGRow] = []
        var head: Int64?
        for row in rows {
            let rowHead = try row.decode(11, as: Int64.self)
            if rowHead != head, !group.isEmpty {
                if let delivery = try Self.coalesce(group) { deliveries.append(delivery) }
                group = []
            }
            head = rowHead
            group.append(row)
        }
        if let delivery = try Self.coalesce(group) { deliveries.append(delivery) }
        return deliveries
    }

    /// One object's pending rows (oldest first) as one delivery: a PUT if any of them replaced the object or is a
    /// resync, else a PATCH of every field any of them changed.
    static func coalesce(_ rows: [PGRow]) throws -> PushDelivery? {
        guard let first = rows.first, let tenant = TenantID(countryCode: try first.decode(2), partyID: try first.decode(3)) else {
            return nil
        }
        let resync = try first.decode(1, as: Bool.self)
        var replace = false
        var fields = Set<String>()
        for row in rows {
            if try row.decode(1, as: Bool.self) || row.decode(6, as: String.self) == "replaced" {
                replace = true
            } else {
                fields.formUnion(try row.decode(7, as: [String].self))
            }
        }
        return PushDelivery(
            ids: try rows.map { try $0.decode(0, as: Int64.self) },
            module: ModuleID(rawValue: try first.decode(10)),
            tenant: tenant, objectID: try first.decode(4), subIDs: resync ? [] : try first.decode(5, as: [String].self),
            kind: replace ? .replace : .patch(fields: fields.sorted()),
            correlationID: try first.decode(8),
            committedAt: try first.decode(9))
    }

    /// The peer took these deliveries. Committed without waiting for the WAL flush: after a crash the worst case
    /// is a delivery sent again (delivery is at least once, and PUT/PATCH are idempotent), and not waiting for the
    /// disk on every delivery is what lets one peer take hundreds per second.
    public func markDelivered(_ ids: [Int64], peer: PeerID) async throws {
        try await pool.withTransaction { connection in
            try await connection.query("SET LOCAL synchronous_commit = off")
            try await connection.query(
            """
            WITH done AS (
                UPDATE push_deliveries SET state = 'delivered', finished_at = now(), attempts = attempts + 1, last_error = NULL
                 WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND state = 'pending'
                RETURNING 1
            )
            UPDATE push_peers
               SET last_success_at = now(), consecutive_failures = 0, first_failure_at = NULL, needs_resync = false,
                   delivered_total = delivered_total + (SELECT count(*) FROM done)
             WHERE peer_id = \(peer.rawValue)
            """)
        }
    }

    /// The peer refused these deliveries (an answer, not an outage): recorded, not retried.
    public func markFailed(_ ids: [Int64], peer: PeerID, error: String) async throws {
        try await pool.withConnection { connection in try await connection.query(
            """
            WITH failed AS (
                UPDATE push_deliveries SET state = 'failed', finished_at = now(), attempts = attempts + 1, last_error = \(error)
                 WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND state = 'pending'
                RETURNING 1
            )
            UPDATE push_peers SET last_error = \(error), last_error_at = now(), consecutive_failures = 0, first_failure_at = NULL
             WHERE peer_id = \(peer.rawValue) AND EXISTS (SELECT 1 FROM failed)
            """) }
    }

    /// The peer could not be reached: one more consecutive failure. Past `resyncAfter` failures the peer is marked
    /// for resync: its pending deliveries fold into one full PUT per affected top-level object (a location), sent
    /// once it is back.
    /// Returns the failure count and whether this call marked the resync.
    public func recordPeerFailure(_ peer: PeerID, error: String, resyncAfter: Int) async throws -> (failures: Int, resyncMarked: Bool) {
        try await pool.withTransaction { transaction in
            let row = try await transaction.query(
                """
                UPDATE push_peers
                   SET consecutive_failures = consecutive_failures + 1, first_failure_at = coalesce(first_failure_at, now()),
                       last_error = \(error), last_error_at = now()
                 WHERE peer_id = \(peer.rawValue)
                RETURNING consecutive_failures, needs_resync
                """
            ).first!
            let failures = try row.decode(0, as: Int.self)
            guard failures >= resyncAfter, !(try row.decode(1, as: Bool.self)) else { return (failures, false) }
            try await transaction.query(
                """
                WITH pending AS (
                    SELECT d.id, d.event_id, e.module, e.country_code, e.party_id, e.object_id
                      FROM push_deliveries d JOIN outbox_events e ON e.id = d.event_id
                     WHERE d.peer_id = \(peer.rawValue) AND d.state = 'pending'
                ), latest AS (
                    SELECT DISTINCT ON (module, lower(object_id), country_code, party_id) event_id, module, country_code, party_id, object_id
                      FROM pending ORDER BY module, lower(object_id), country_code, party_id, event_id DESC
                ), folded AS (
                    UPDATE push_deliveries SET state = 'superseded', finished_at = now(), last_error = 'folded into a resync'
                     WHERE id IN (SELECT id FROM pending)
                )
                INSERT INTO push_deliveries (peer_id, event_id, object_key, resync)
                SELECT \(peer.rawValue), event_id, lower(module || '/' || country_code || '/' || party_id || '/' || object_id), true
                  FROM latest ORDER BY event_id
                """)
            try await transaction.query("UPDATE push_peers SET needs_resync = true WHERE peer_id = \(peer.rawValue)")
            return (failures, true)
        }
    }
}
