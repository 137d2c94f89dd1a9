import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The operator ends a peer connection from our side: its state becomes unregistered and every token it holds is
/// revoked at once.
@Suite(.timeLimit(.minutes(1)))
struct DisconnectPeerTests {
    @Test func disconnectingAPeerRevokesItsTokensAndSaysSoOnceMore() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let party = TestDatabase.uniqueTenant()
            let token = try await pool.query(
                "SELECT ocpi_admin.register_peer(\(party.countryCode), \(party.partyID), 'EMSP', \(tenant.description), NULL, NULL)"
            ).first!.decode(0, as: String.self)
            let peer = try await pool.query("SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: token))").first!.decode(0, as: Int64.self)

            let message = try await pool.query("SELECT ocpi_admin.disconnect_peer(\(String(peer)))").first!.decode(0, as: String.self)
            #expect(message.contains("disconnected peer connection \(peer)"))
            let state = try await pool.query("SELECT state FROM peer_connections WHERE id = \(peer)").first!.decode(0, as: String.self)
            #expect(state == "unregistered")
            let live = try await pool.query("SELECT count(*) FROM tokens WHERE peer_id = \(peer) AND revoked_at IS NULL").first!.decode(0, as: Int.self)
            #expect(live == 0)
            #expect(try await TokenAuthenticator(pool: pool, logger: TestDatabase.logger).authenticate(token: token) == nil)
            let again = try await pool.query("SELECT ocpi_admin.disconnect_peer(\(String(peer)))").first!.decode(0, as: String.self)
            #expect(again.contains("already disconnected"))
        }
    }
}
