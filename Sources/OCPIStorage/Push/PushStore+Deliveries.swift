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
                   e.correlation_id::text, e.created_at, e.module, chosen.head, e.final_documents::text, d.attempts
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

    /// One object's pending rows (oldest first) as one delivery: a DELETE if the latest of them deleted the object,
    /// the final PUT of a hidden object if the latest of them hid it, else a PUT if any of them replaced the object, hid it (it was shown again since) or is a resync,
    /// else a PATCH of every field any of them changed.
    static func coalesce(_ rows: [PGRow]) throws -> PushDelivery? {
        guard let first = rows.first, let last = rows.last,
            let tenant = TenantID(countryCode: try first.decode(2), partyID: try first.decode(3))
        else {
            return nil
        }
        let resync = try first.decode(1, as: Bool.self)
        var replace = false
        var fields = Set<String>()
        for row in rows {
            if try row.decode(1, as: Bool.self) || row.decode(6, as: String.self) != "patched" {
                replace = true
            } else {
                fields.formUnion(try row.decode(7, as: [String].self))
            }
        }
        let kind: PushDelivery.Kind
        let lastKind = try last.decode(6, as: String.self)
        if lastKind == "deleted" {
            kind = .delete
        } else if lastKind == "withdrawn" {
            kind = .withdraw(documents: try last.decode(12, as: String?.self) ?? "{}")
        } else {
            kind = replace ? .replace : .patch(fields: fields.sorted())
        }
        return PushDelivery(
            ids: try rows.map { try $0.decode(0, as: Int64.self) },
            module: ModuleID(rawValue: try first.decode(10)),
            tenant: tenant, objectID: try first.decode(4), subIDs: resync ? [] : try first.decode(5, as: [String].self),
            kind: kind,
            correlationID: try first.decode(8),
            committedAt: try first.decode(9),
            retried: try rows.contains { try $0.decode(13, as: Int.self) > 0 })
    }

    /// The peer took these deliveries. Committed without waiting for the WAL flush: after a crash the worst case
    /// is a delivery sent again (delivery is at least once, and PUT/PATCH are idempotent), and not waiting for the
    /// disk on every delivery is what lets one peer take hundreds per second.
    ///
    /// Fenced: settles only while `owner` still holds the peer's lease, and returns false otherwise (another worker
    /// took the peer over and delivers these again).
    public func markDelivered(_ ids: [Int64], peer: PeerID, owner: String) async throws -> Bool {
        try await pool.withTransaction { connection in
            try await connection.query("SET LOCAL synchronous_commit = off")
            return try await connection.query(
            """
            WITH held AS (
                SELECT peer_id FROM push_peers WHERE peer_id = \(peer.rawValue) AND lease_owner = \(owner) FOR UPDATE
            ), done AS (
                UPDATE push_deliveries SET state = 'delivered', finished_at = now(), attempts = attempts + 1, last_error = NULL
                 WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND state = 'pending' AND EXISTS (SELECT 1 FROM held)
                RETURNING 1
            )
            UPDATE push_peers
               SET last_success_at = now(), consecutive_failures = 0, first_failure_at = NULL, failure_cause = NULL,
                   needs_resync = false, delivered_total = delivered_total + (SELECT count(*) FROM done)
             WHERE peer_id IN (SELECT peer_id FROM held)
            """).affectedRows == 1
        }
    }

    /// A try that did not reach the peer, or whose answer was lost: the rows stay pending, with one more attempt.
    public func markAttempted(_ ids: [Int64], error: String) async throws {
        try await pool.query(
            "UPDATE push_deliveries SET attempts = attempts + 1, last_error = \(error) WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND state = 'pending'")
    }

    /// Counted before a call that is not idempotent is made (a PATCH that appends): if the worker loses its lease
    /// or the process dies before the outcome is recorded, whoever sends it next knows it may have arrived.
    public func markSending(_ ids: [Int64]) async throws {
        try await pool.query(
            "UPDATE push_deliveries SET attempts = attempts + 1 WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND state = 'pending'")
    }

    /// The peer refused these deliveries (an answer, not an outage): recorded, not retried. Fenced like
    /// `markDelivered`.
    public func markFailed(_ ids: [Int64], peer: PeerID, owner: String, error: String) async throws -> Bool {
        try await pool.withConnection { connection in try await connection.query(
            """
            WITH held AS (
                SELECT peer_id FROM push_peers WHERE peer_id = \(peer.rawValue) AND lease_owner = \(owner) FOR UPDATE
            ), failed AS (
                UPDATE push_deliveries SET state = 'failed', finished_at = now(), attempts = attempts + 1, last_error = \(error)
                 WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND state = 'pending' AND EXISTS (SELECT 1 FROM held)
                RETURNING 1
            )
            UPDATE push_peers SET last_error = \(error), last_error_at = now(), consecutive_failures = 0, first_failure_at = NULL,
                   failure_cause = NULL
             WHERE peer_id IN (SELECT peer_id FROM held)
            """).affectedRows == 1 }
    }

    /// What one more failure did to a peer.
    public struct PeerFailure: Sendable, Hashable {
        /// Consecutive failures so far.
        public var failures: Int
        /// This failure marked the peer for resync.
        public var resyncMarked: Bool
        /// This failure suspended the peer (failing for longer than `suspendAfter`): no calls, no queued rows.
        public var suspended: Bool
    }

    /// Why a peer failed, as `list_peers.sql` shows it.
    public enum FailureCause: String, Sendable {
        case unreachable
        /// It answers 401 or 403 to our token.
        case tokenRefused = "token_refused"
    }

    /// The peer could not be reached (or refused our token): one more consecutive failure. Past `resyncAfter`
    /// failures the peer is marked for resync: its pending deliveries fold into one full PUT per affected top-level
    /// object (a location), sent once it is back, and it queues at most one delivery per object from then on. A
    /// peer failing for longer than `suspendAfter` is suspended, and its pending deliveries are dropped, except the
    /// last PUT of a location that was hidden: once resumed, the peer must not go on showing it.
    ///
    /// Returns nil when `owner` no longer holds the peer's lease (nothing is recorded).
    public func recordPeerFailure(
        _ peer: PeerID, owner: String, error: String, cause: FailureCause, resyncAfter: Int, suspendAfter: Duration
    ) async throws -> PeerFailure? {
        try await pool.withTransaction { transaction in
            guard let row = try await transaction.query(
                """
                UPDATE push_peers
                   SET consecutive_failures = consecutive_failures + 1, first_failure_at = coalesce(first_failure_at, now()),
                       last_error = \(error), last_error_at = now(), failure_cause = \(cause.rawValue),
                       suspended_at = CASE WHEN now() - coalesce(first_failure_at, now()) >= make_interval(secs => \(suspendAfter.seconds))
                                           THEN now() END
                 WHERE peer_id = \(peer.rawValue) AND lease_owner = \(owner)
                RETURNING consecutive_failures, needs_resync, suspended_at IS NOT NULL
                """
            ).first else { return nil }
            let failures = try row.decode(0, as: Int.self)
            if try row.decode(2, as: Bool.self) {
                try await transaction.query(
                    """
                    UPDATE push_deliveries d SET state = 'superseded', finished_at = now(), last_error = 'the peer is suspended'
                      FROM outbox_events e
                     WHERE e.id = d.event_id AND d.peer_id = \(peer.rawValue) AND d.state = 'pending' AND e.kind NOT IN ('withdrawn', 'deleted')
                    """)
                return PeerFailure(failures: failures, resyncMarked: false, suspended: true)
            }
            guard failures >= resyncAfter, !(try row.decode(1, as: Bool.self)) else {
                return PeerFailure(failures: failures, resyncMarked: false, suspended: false)
            }
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
            return PeerFailure(failures: failures, resyncMarked: true, suspended: false)
        }
    }
}
