import OCPIModel
import PGClient

/// What the platform knows of a CDR's delivery to one peer (`cdr_deliveries`): the record that makes a CDR's
/// POST happen once per peer. Each step is committed on its own, before or after the call it describes, so that
/// a crash between them leaves a state the next attempt reads correctly.
public struct CDRDeliveries: Sendable {
    /// One CDR at one peer.
    public struct Key: Sendable, Hashable {
        public var peer: PeerID
        public var cdr: ObjectAddress

        public init(peer: PeerID, cdr: ObjectAddress) {
            self.peer = peer
            self.cdr = cdr
        }
    }

    /// The record of one CDR at one peer.
    public struct Record: Sendable, Hashable {
        public var attempts: Int
        /// A POST was sent and its answer not recorded: the peer may or may not have it.
        public var inDoubt: Bool
        public var delivered: Bool
        /// Where the peer said it keeps the CDR (its `Location` header).
        public var locationURL: String?
        /// When the last POST was sent.
        public var attemptedAt: DateTime?
    }

    /// How a delivery was confirmed.
    public enum Confirmation: String, Sendable {
        /// The peer answered the POST.
        case post
        /// After a lost answer, the peer's list held it.
        case list
        /// The operator settled a delivery in doubt (`settle_cdr_delivery.sql`).
        case `operator`
    }

    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    public func record(_ key: Key) async throws -> Record? {
        guard let row = try await pool.query(
            """
            SELECT attempts, attempted_at IS NOT NULL, delivered_at IS NOT NULL, location_url, attempted_at FROM cdr_deliveries
             WHERE peer_id = \(key.peer.rawValue) AND country_code = \(key.cdr.tenant.countryCode)
               AND party_id = \(key.cdr.tenant.partyID) AND cdr_key = lower(\(key.cdr.objectID))
            """
        ).first else { return nil }
        return Record(
            attempts: try row.decode(0), inDoubt: try row.decode(1), delivered: try row.decode(2), locationURL: try row.decode(3),
            attemptedAt: try row.decode(4))
    }

    /// Written, and committed, before each POST: from here on a lost answer leaves the delivery in doubt. False
    /// when the CDR was recorded delivered meanwhile (the operator settled it): then nothing is posted.
    public func attempting(_ key: Key) async throws -> Bool {
        try await pool.query(
            """
            INSERT INTO cdr_deliveries AS d (peer_id, country_code, party_id, cdr_key, attempts, attempted_at)
            VALUES (\(key.peer.rawValue), \(key.cdr.tenant.countryCode), \(key.cdr.tenant.partyID), lower(\(key.cdr.objectID)), 1, now())
            ON CONFLICT (peer_id, country_code, party_id, cdr_key)
            DO UPDATE SET attempts = d.attempts + 1, attempted_at = now() WHERE d.delivered_at IS NULL
            """
        ).affectedRows == 1
    }

    /// The peer has it.
    public func delivered(_ key: Key, locationURL: String?, by confirmation: Confirmation) async throws {
        try await pool.query(
            """
            INSERT INTO cdr_deliveries AS d (peer_id, country_code, party_id, cdr_key, delivered_at, location_url, confirmed_by)
            VALUES (\(key.peer.rawValue), \(key.cdr.tenant.countryCode), \(key.cdr.tenant.partyID), lower(\(key.cdr.objectID)), now(),
                    \(locationURL), \(confirmation.rawValue))
            ON CONFLICT (peer_id, country_code, party_id, cdr_key)
            DO UPDATE SET delivered_at = coalesce(d.delivered_at, now()), location_url = coalesce(EXCLUDED.location_url, d.location_url),
                          confirmed_by = coalesce(d.confirmed_by, EXCLUDED.confirmed_by)
            """)
    }

    /// The peer answered the POST it was just sent and did not take it, or said it lacks the CDR after an earlier
    /// POST's answer was lost: nothing is in doubt any more. (Only ever called for the attempt just made, or after
    /// the peer's own answer: never to wipe a doubt nobody resolved.)
    public func notTaken(_ key: Key) async throws {
        try await pool.query(
            """
            UPDATE cdr_deliveries SET attempted_at = NULL
             WHERE peer_id = \(key.peer.rawValue) AND country_code = \(key.cdr.tenant.countryCode)
               AND party_id = \(key.cdr.tenant.partyID) AND cdr_key = lower(\(key.cdr.objectID)) AND delivered_at IS NULL
            """)
    }
}
