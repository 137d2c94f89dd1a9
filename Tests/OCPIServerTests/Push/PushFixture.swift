import HTTPTypes
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A tenant, a connected fake EMSP with a Locations Receiver granted that tenant, and a push worker.
struct PushFixture {
    var tenant: TenantID
    var ownerToken: String
    var emsp: FakeEMSP
    var tokenB: String
    var peer: Int64
    /// The OCPI version the peer speaks, and so the one its Receiver URLs name.
    var version: String

    static func make(_ pool: PGPool, version: String = "2.2.1") async throws -> PushFixture {
        let (tenant, ownerToken) = try await TestDatabase.createTenant(pool)
        let tokenB = "push-b-\(UInt32.random(in: .min ... .max))"
        let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
        let peer = try await connectedPeer(pool, emsp: emsp, token: tokenB, tenants: tenant.description, version: version)
        return PushFixture(tenant: tenant, ownerToken: ownerToken, emsp: emsp, tokenB: tokenB, peer: peer, version: version)
    }

    /// A peer registered by hand and connected to the fake, as a finished handshake would leave it.
    static func connectedPeer(_ pool: PGPool, emsp: FakeEMSP, token: String, tenants: String, version: String) async throws -> Int64 {
        let tokenC = try await pool.query(
            "SELECT ocpi_admin.register_peer(\(emsp.party.countryCode), \(emsp.party.partyID), 'EMSP', \(tenants), NULL, NULL)"
        ).first!.decode(0, as: String.self)
        let endpoints = #"[{"identifier": "credentials", "role": "SENDER", "url": "\#(emsp.baseURL)/ocpi/emsp/\#(version)/credentials"}, {"identifier": "locations", "role": "RECEIVER", "url": "\#(emsp.baseURL)/ocpi/emsp/\#(version)/locations"}]"#
        return try await pool.query(
            """
            UPDATE peer_connections SET version = \(version), peer_token = \(token), endpoints = \(PGJSON(endpoints))::jsonb
             WHERE id = (SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: tokenC))) RETURNING id
            """
        ).first!.decode(0, as: Int64.self)
    }

    static func worker(_ pool: PGPool, resyncAfter: Int = 8, lease: Duration = .seconds(30)) -> PushWorker {
        PushWorker(
            store: PushStore(pool: pool),
            pushers: DataModules.pushers(pool: pool, client: TestApp.peerClient),
            configuration: .init(lease: lease, renewEvery: lease / 3, resyncAfterFailures: resyncAfter, maxBackoff: .seconds(1)),
            logger: TestDatabase.logger)
    }

    /// How many deliveries wait for the peer.
    static func pending(_ pool: PGPool, _ peer: Int64) async throws -> Int {
        try await pool.query("SELECT count(*) FROM push_deliveries WHERE peer_id = \(peer) AND state = 'pending'").first!.decode(0, as: Int.self)
    }

    /// What the fake received for Locations, in order.
    var pushes: [FakeEMSP.Recorded] { emsp.received.filter { $0.path.contains("/locations/") } }

    func path(_ ids: String...) -> String {
        "/ocpi/emsp/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)/" + ids.joined(separator: "/")
    }

    func put(_ client: any TestClientProtocol, _ ids: String, _ body: String, version: String = "2.2.1") async throws {
        try await send(client, .put, ids, body, version: version)
    }

    func patch(_ client: any TestClientProtocol, _ ids: String, _ body: String, version: String = "2.2.1") async throws {
        try await send(client, .patch, ids, body, version: version)
    }

    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ ids: String, _ body: String, version: String) async throws {
        try await client.execute(
            uri: "/ocpi/cpo/\(version)/locations/\(tenant.countryCode)/\(tenant.partyID)/\(ids)", method: method,
            headers: .token(ownerToken), body: ByteBuffer(string: body)
        ) { response in
            let envelope = try Envelope(response)
            #expect(envelope.statusCode == 1000, "\(method) \(ids): \(envelope.statusMessage ?? "")")
        }
    }

    static func location(_ id: String, evses: Int = 1, name: String = "Push Test Site") -> String {
        let list = (1...max(evses, 1)).map { index in
            #"{"uid": "E\#(index)", "evse_id": "NL*EMS*E\#(index)", "status": "AVAILABLE", "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE", "max_voltage": 230, "max_amperage": 32, "tariff_ids": ["T1"]}]}"#
        }
        return #"{"id": "\#(id)", "publish": true, "name": "\#(name)", "address": "Stationsplein 1", "city": "Utrecht", "country": "NLD", "coordinates": {"latitude": "52.089444", "longitude": "5.110278"}, "time_zone": "Europe/Amsterdam", "evses": [\#(list.joined(separator: ","))]}"#
    }

    static func json(_ body: String) throws -> [String: JSONValue] {
        try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)).object ?? [:]
    }
}
