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

    /// Stores a Hub's ClientInfo (the party it names), unless a newer one is stored: then nothing changes and the
    /// stored `last_updated` is returned. Returns whether one was stored before.
    public func put(_ info: ClientInfo, from hub: PeerID) async throws -> Result<Bool, StaleClientInfo> {
        let document = try OCPIJSON.encoder.encode(info)
        let row = try await pool.query(
            """
            WITH before AS (
                SELECT last_updated FROM hub_client_info
                 WHERE peer_id = \(hub.rawValue) AND country_code = \(info.countryCode.uppercased()) AND party_id = \(info.partyID.uppercased())
            ), written AS (
                INSERT INTO hub_client_info (peer_id, country_code, party_id, role, status, document, last_updated)
                VALUES (\(hub.rawValue), \(info.countryCode.uppercased()), \(info.partyID.uppercased()), \(info.role.rawValue),
                        \(info.status.rawValue), \(PGJSON(String(decoding: document, as: UTF8.self)))::jsonb, \(info.lastUpdated))
                ON CONFLICT (peer_id, country_code, party_id) DO UPDATE
                   SET role = EXCLUDED.role, status = EXCLUDED.status, document = EXCLUDED.document,
                       last_updated = EXCLUDED.last_updated, updated_at = now()
                 WHERE hub_client_info.last_updated <= EXCLUDED.last_updated
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM written), (SELECT last_updated FROM before)
            """
        ).first!
        let stored = try row.decode(1, as: DateTime?.self)
        guard try row.decode(0, as: Bool.self) else {
            return .failure(StaleClientInfo(stored: stored ?? info.lastUpdated))
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

/// A ClientInfo older than the one stored.
public struct StaleClientInfo: Error, Sendable, Hashable {
    public var stored: DateTime
}
