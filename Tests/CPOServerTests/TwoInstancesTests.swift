import Foundation
import OCPIModel
import PGClient
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Two instances of the executable on one database, as a deployment with two replicas runs: they migrate once
/// between them, a change reaches a peer once, and a revoked token stops working on both.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: ScratchDatabase.isAvailable))
struct TwoInstancesTests {
    @Test func twoInstancesMigrateOnceDeliverOnceAndBothHonourARevocation() async throws {
        let database = try await ScratchDatabase.create(prefix: "instances_test")
        let peer = try RecordingPeer()
        defer { peer.stop() }
        // Both start at once, on an empty database: each migrates before it serves.
        async let first = ServiceProcess.start(databaseURL: database.url)
        async let second = ServiceProcess.start(databaseURL: database.url)
        let instances = try await [first, second]
        defer {
            for instance in instances {
                instance.signal(SIGTERM)
                _ = instance.waitForExit()
            }
        }
        let pool = TestDatabase.makePool(maxConnections: 2, url: database.url)
        defer { Task { await pool.close() } }

        let files = try FileManager.default.contentsOfDirectory(atPath: TestDatabase.migrationsPath).filter { $0.hasSuffix(".sql") }
        let recorded = try await pool.query("SELECT count(*), count(DISTINCT version) FROM schema_migrations").first!
        #expect(try recorded.decode(0, as: Int.self) == files.count, "each migration applied and recorded once")
        #expect(try recorded.decode(1, as: Int.self) == files.count)

        let (tenant, token) = try await TestDatabase.createTenant(pool)
        let peerToken = "peer-token-\(UInt32.random(in: .min ... .max))"
        _ = try await pool.query("SELECT ocpi_admin.register_peer('NL', 'RCV', 'EMSP', \(tenant.description), NULL, NULL)")
        let endpoints = #"[{"identifier": "locations", "role": "RECEIVER", "url": "\#(peer.baseURL)/ocpi/emsp/2.2.1/locations"}]"#
        try await pool.query(
            """
            UPDATE peer_connections SET version = '2.2.1', peer_token = \(peerToken), endpoints = \(PGJSON(endpoints))::jsonb
             WHERE id = (SELECT peer_id FROM peer_roles WHERE country_code = 'NL' AND party_id = 'RCV')
            """)

        // A write through each instance; both instances' workers compete for the peer.
        let base = "/ocpi/cpo/2.2.1/locations/\(tenant.countryCode)/\(tenant.partyID)/LOC001"
        let put = try Self.request(
            "PUT", base, token: token, body: Seed.basicLocation(countryCode: tenant.countryCode, partyID: tenant.partyID), port: instances[0].port)
        #expect(put.status == 200 || put.status == 201, "\(put.body)")
        let deadline = ContinuousClock.now + .seconds(20)
        while peer.received.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let patch = try Self.request("PATCH", base, token: token, body: #"{"name": "Renamed"}"#, port: instances[1].port)
        #expect(patch.status == 200, "\(patch.body)")
        while peer.received.count < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .seconds(1))  // time for a duplicate to show up, if there were one
        let expectedPath = "/ocpi/emsp/2.2.1/locations/\(tenant.countryCode)/\(tenant.partyID)/LOC001"
        #expect(peer.received == [.init(method: "PUT", path: expectedPath), .init(method: "PATCH", path: expectedPath)])

        // Both instances have the token cached; a revocation reaches both within seconds.
        for instance in instances {
            #expect(try Self.request("GET", base, token: token, port: instance.port).status == 200)
        }
        let revoked = try AdminScript.run("revoke_token", ["token": token], url: database.url)
        #expect(revoked.succeeded, "\(revoked.stderr)")
        for instance in instances {
            let started = ContinuousClock.now
            var status = 0
            while ContinuousClock.now - started < .seconds(5) {
                status = try Self.request("GET", base, token: token, port: instance.port).status
                if status == 401 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == 401, "instance on port \(instance.port) still accepts a revoked token")
        }
        try await database.drop()
    }

    static func request(_ method: String, _ path: String, token: String, body: String = "", port: Int) throws -> RawHTTPConnection.Response {
        let connection = try RawHTTPConnection(port: port)
        let encoded = Data(token.utf8).base64EncodedString()
        try connection.send(
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token \(encoded)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        return try connection.readResponse()
    }
}
