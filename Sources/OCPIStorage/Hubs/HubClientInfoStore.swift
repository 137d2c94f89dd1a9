#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// What each Hub connection reported about the parties behind it (`hub_client_info`), kept per Hub: one Hub's word
/// about a party never affects another connection.
public struct HubClientInfoStore: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    /// The most parties one Hub may report: its rows are its own, but they should not grow without bound.
    public static let maxPartiesPerHub = 10_000

    /// Stores a Hub's ClientInfo (the party it names), unless a newer one is stored. Returns whether one was stored
    /// before.
    public func put(_ info: ClientInfo, from hub: PeerID) async throws -> Result<Bool, ClientInfoRefusal> {
        let document = try OCPIJSON.encoder.encode(info)
        let row = try await pool.query(
            """
            WITH before AS (
                SELECT last_updated FROM hub_client_info
                 WHERE peer_id = \(hub.rawValue) AND country_code = \(info.countryCode.uppercased()) AND party_id = \(info.partyID.uppercased())
            ), room AS (
                SELECT EXISTS (SELECT 1 FROM before) OR (SELECT count(*) FROM hub_client_info WHERE peer_id = \(hub.rawValue)) < \(Self.maxPartiesPerHub) AS ok
            ), written AS (
                INSERT INTO hub_client_info AS h (peer_id, country_code, party_id, role, status, document, last_updated, offline_since)
                SELECT \(hub.rawValue), \(info.countryCode.uppercased()), \(info.partyID.uppercased()), \(info.role.rawValue),
                       \(info.status.rawValue), \(PGJSON(String(decoding: document, as: UTF8.self)))::jsonb, \(info.lastUpdated),
                       CASE WHEN \(info.status.rawValue) IN ('OFFLINE', 'SUSPENDED') THEN now() END
                 WHERE (SELECT ok FROM room)
                ON CONFLICT (peer_id, country_code, party_id) DO UPDATE
                   SET role = EXCLUDED.role, status = EXCLUDED.status, document = EXCLUDED.document,
                       last_updated = EXCLUDED.last_updated, updated_at = now(),
                       offline_since = CASE WHEN EXCLUDED.status IN ('OFFLINE', 'SUSPENDED') THEN coalesce(h.offline_since, now()) END
                 WHERE h.last_updated <= EXCLUDED.last_updated
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM written), (SELECT last_updated FROM before), (SELECT ok FROM room)
            """
        ).first!
        let stored = try row.decode(1, as: DateTime?.self)
        guard try row.decode(0, as: Bool.self) else {
            guard try row.decode(2, as: Bool.self) else { return .failure(.tooMany) }
            return .failure(.stale(stored: stored ?? info.lastUpdated))
        }
        return .success(stored != nil)
    }

    /// The Hub's ClientInfo about a party, as it sent it; nil when it sent none.
    public func get(hub: PeerID, party: PartyCode) async throws -> String? {
        try await pool.query(
            """
            SELECT document::text FROM hub_client_info
             WHERE peer_id = \(hub.rawValue) AND country_code = \(party.countryCode) AND party_id = \(party.partyID)
            """
        ).first?.decode(0, as: String.self)
    }
}

/// Why a ClientInfo was not stored.
public enum ClientInfoRefusal: Error, Sendable, Hashable {
    /// Older than the one stored.
    case stale(stored: DateTime)
    /// The Hub reports `HubClientInfoStore.maxPartiesPerHub` parties already.
    case tooMany
}
