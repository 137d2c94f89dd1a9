import Foundation
import HTTPTypes
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// URLs, bodies and EMSP connections for the Tokens suites.
enum TokenFixture {
    /// The Receiver URL of a token, as an EMSP pushes it.
    static func token(_ party: TenantID, _ uid: String, type: String? = nil, version: String = "2.2.1") -> String {
        "/ocpi/cpo/\(version)/tokens/\(party.countryCode)/\(party.partyID)/\(uid)" + (type.map { "?type=\($0)" } ?? "")
    }

    /// The back-office's authorize URL.
    static func authorize(_ uid: String, type: String? = nil, version: String = "2.2.1") -> String {
        "/ocpi/cpo/\(version)/tokens/\(uid)/authorize" + (type.map { "?type=\($0)" } ?? "")
    }

    /// A whole Token of `party`.
    static func body(
        _ party: TenantID, _ uid: String, type: String = "RFID", whitelist: String = "ALWAYS", valid: Bool = true,
        lastUpdated: String = "2026-06-01T10:00:00Z", extra: String = ""
    ) -> String {
        """
        {"country_code": "\(party.countryCode)", "party_id": "\(party.partyID)", "uid": "\(uid)", "type": "\(type)",
         "contract_id": "\(party.countryCode)-\(party.partyID)-C00001", "issuer": "Test EMSP", "valid": \(valid),
         "whitelist": "\(whitelist)", "last_updated": "\(lastUpdated)"\(extra)}
        """
    }

    /// An EMSP connection granted `tenants`, speaking for one party of its own; with a Tokens Sender when `sender`
    /// is given (started here, for that party).
    static func emsp(_ pool: PGPool, granted tenants: [TenantID], withSender: Bool = false) async throws -> EMSP {
        let (token, party) = try await Loc.peerWithParty(pool, granted: tenants)
        guard withSender else { return EMSP(token: token, party: party, sender: nil) }
        let sender = FakeTokensSender(party: party)
        try await sender.start()
        let endpoints = #"[{"identifier": "tokens", "role": "SENDER", "url": "\#(sender.tokensURL)"}]"#
        try await pool.query(
            """
            UPDATE peer_connections SET version = '2.2.1', peer_token = 'token-b-for-fake', endpoints = \(endpoints)::jsonb
             WHERE id = (SELECT peer_id FROM peer_roles WHERE country_code = \(party.countryCode) AND party_id = \(party.partyID))
            """)
        return EMSP(token: token, party: party, sender: sender)
    }

    struct EMSP: Sendable {
        var token: String
        var party: TenantID
        var sender: FakeTokensSender?
    }

    /// The connection's id.
    static func peerID(_ pool: PGPool, _ emsp: EMSP) async throws -> PeerID {
        PeerID(rawValue: try await pool.query(
            "SELECT peer_id FROM peer_roles WHERE country_code = \(emsp.party.countryCode) AND party_id = \(emsp.party.partyID)"
        ).first!.decode(0, as: Int64.self))
    }

    /// The decisions recorded for a tenant, oldest first.
    static func decisions(_ pool: PGPool, _ tenant: TenantID) async throws -> [(uid: String, allowed: String?, source: String, outcome: String)] {
        try await pool.query(
            """
            SELECT token_uid, allowed, source, outcome FROM authorizations
             WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) ORDER BY id
            """
        ).rows.map { (try $0.decode(0), try $0.decode(1), try $0.decode(2), try $0.decode(3)) }
    }
}
