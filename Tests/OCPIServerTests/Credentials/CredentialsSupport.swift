import HTTPTypes
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIStorage
import PGClient
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Helpers for the credentials tests: a started fake EMSP, a registration token, the peer connection's row.
enum CredentialsFixture {
    /// A fake EMSP that accepts `token` (its token B for us), started; stop it with `stop()`.
    static func emsp(accepting token: String, party: String = "EMS") async throws -> FakeEMSP {
        let emsp = FakeEMSP(countryCode: "NL", partyID: party, accepting: [token])
        try await emsp.start()
        return emsp
    }

    /// Token A for `tenants` and the peer connection it belongs to.
    static func registration(_ pool: PGPool, tenants: String) async throws -> (token: String, peer: Int64) {
        let token = try await pool.query("SELECT ocpi_admin.create_registration(\(tenants))").first!.decode(0, as: String.self)
        let peer = try await pool.query(
            "SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: token))").first!.decode(0, as: Int64.self)
        return (token, peer)
    }

    /// The EMSP's credentials body: its token B and its versions URL.
    static func body(token: String, url: String, party: String = "EMS", roles: String? = nil) -> ByteBuffer {
        let roleList = roles ?? #"[{"role": "EMSP", "business_details": {"name": "Fake EMSP"}, "party_id": "\#(party)", "country_code": "NL"}]"#
        return ByteBuffer(string: #"{"token": "\#(token)", "url": "\#(url)", "roles": \#(roleList)}"#)
    }

    struct PeerRow: Sendable {
        var state: String
        var version: String?
        var peerToken: String?
        var tokenFormat: String
        var endpoints: String
        var roles: [String]
        var lastError: String?
    }

    static func peerRow(_ pool: PGPool, _ peer: Int64) async throws -> PeerRow {
        let row = try await pool.query(
            """
            SELECT state, version, peer_token, peer_token_format, endpoints::text, last_error,
                   coalesce((SELECT string_agg(role || ' ' || country_code || '*' || party_id, ',' ORDER BY 1) FROM peer_roles WHERE peer_id = p.id), '')
              FROM peer_connections p WHERE id = \(peer)
            """
        ).first!
        return PeerRow(
            state: try row.decode(0), version: try row.decode(1), peerToken: try row.decode(2), tokenFormat: try row.decode(3),
            endpoints: try row.decode(4), roles: (try row.decode(6, as: String.self)).split(separator: ",").map(String.init),
            lastError: try row.decode(5))
    }
}
