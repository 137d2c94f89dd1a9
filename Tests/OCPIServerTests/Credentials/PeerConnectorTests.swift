import HTTPTypes
import HummingbirdTesting
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

/// We register with an EMSP that gave us its versions URL and token A (connect_peer.sql): the service reads its
/// versions, picks the highest mutual version, POSTs our credentials with a fresh token B and stores its token C.
/// Serialized: a connector pass claims every due connection in the database, including other tests' ones.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PeerConnectorTests {
    func connector(_ pool: PGPool) -> PeerConnector {
        PeerConnector(store: PeerStore(pool: pool), client: TestApp.peerClient, versionsURL: TestApp.publicURL + "/ocpi/versions", logger: TestDatabase.logger)
    }

    /// Records a pending connection as connect_peer.sql does and returns its id.
    func connect(_ pool: PGPool, emsp: FakeEMSP, tokenA: String, tenants: String, versions: String? = nil) async throws -> Int64 {
        var variables = ["versions_url": emsp.versionsURL, "token_a": tokenA, "tenants": tenants]
        variables["versions"] = versions
        let outcome = try AdminScript.run("connect_peer", variables)
        #expect(outcome.succeeded, "\(outcome.stderr)")
        let row = try #require(try await pool.query(
            "SELECT id FROM peer_connections WHERE versions_url = \(emsp.versionsURL) ORDER BY id DESC LIMIT 1").first)
        return try row.decode(0, as: Int64.self)
    }

    @Test(arguments: [(["2.1.1", "2.2.1"], "2.2.1"), (["2.2.1", "2.3.0"], "2.3.0"), (["2.3.0", "2.2.1", "2.1.1"], "2.3.0")])
    func theHandshakeUsesTheHighestMutualVersion(offered: [String], expected: String) async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool, name: "Connected CPO")
            let tokenA = "their-token-a-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenA)
            defer { Task { await emsp.stop() } }
            emsp.behavior.versions = offered
            let peer = try await connect(pool, emsp: emsp, tokenA: tokenA, tenants: tenant.description)
            #expect(try await connector(pool).runOnce() >= 1)

            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "connected", "\(row.lastError ?? "")")
            #expect(row.version == expected)
            #expect(row.peerToken == emsp.issuedToken, "we call them with their token C")
            #expect(row.roles == ["EMSP NL*EMS"])
            #expect(row.endpoints.contains("/ocpi/emsp/\(expected)/locations"))

            // What we POSTed: a token B for them, our versions URL, one CPO role per granted tenant.
            let post = try #require(emsp.received.first { $0.method == "POST" })
            #expect(post.path == "/ocpi/emsp/\(expected)/credentials")
            #expect(post.header("Authorization") == "Token " + Data(tokenA.utf8).base64EncodedString())
            let sent = try JSONDecoder().decode(Credentials.self, from: Data(post.body.utf8))
            #expect(sent.url == TestApp.publicURL + "/ocpi/versions")
            #expect(sent.roles.map { "\($0.role.rawValue) \($0.countryCode)*\($0.partyID) \($0.businessDetails.name)" } == ["CPO \(tenant) Connected CPO"])
            let tokenB = try #require(emsp.tokenFromPlatform)
            #expect(tokenB == sent.token)
            // Token B now lets them in as a registered peer.
            try await client.execute(uri: "/ocpi/cpo/\(expected)/locations", method: .get, headers: .base64Token(tokenB)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aPeerThatIsDownIsRetriedWithBackOff() async throws {
        try await TestApp.run { _, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = "down-\(UInt32.random(in: .min ... .max))"
            // Nothing listens on port 1: connections are refused at once.
            let versionsURL = "http://127.0.0.1:1/ocpi/versions/\(tokenA)"
            let outcome = try AdminScript.run("connect_peer", ["versions_url": versionsURL, "token_a": tokenA, "tenants": tenant.description])
            #expect(outcome.succeeded)
            let peer = try await pool.query("SELECT id FROM peer_connections WHERE versions_url = \(versionsURL)").first!.decode(0, as: Int64.self)
            try await connector(pool).runOnce()
            let row = try await pool.query(
                "SELECT state, attempts, next_attempt_at > now(), last_error FROM peer_connections WHERE id = \(peer)").first!
            #expect(try row.decode(0, as: String.self) == "handshake_pending")
            #expect(try row.decode(1, as: Int.self) == 1)
            #expect(try row.decode(2, as: Bool.self), "the next attempt is scheduled later")
            #expect(try row.decode(3, as: String?.self)?.contains("could not reach") == true)
            // Not due yet: a second pass leaves it alone.
            try await connector(pool).runOnce()
            #expect(try await pool.query("SELECT attempts FROM peer_connections WHERE id = \(peer)").first!.decode(0, as: Int.self) == 1)
        }
    }

    /// The token B we issue for a handshake is committed before we POST (the peer reads our versions with it); when
    /// the POST then fails, it is withdrawn, so that a retry starts clean.
    @Test func aFailedCredentialsPostWithdrawsTheTokenWeIssued() async throws {
        try await TestApp.run { _, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = "post-fails-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenA)
            defer { Task { await emsp.stop() } }
            emsp.behavior.credentialsStatus = .serviceUnavailable
            let peer = try await connect(pool, emsp: emsp, tokenA: tokenA, tenants: tenant.description)
            try await connector(pool).runOnce()
            #expect(emsp.received.contains { $0.method == "POST" && $0.path.hasSuffix("/credentials") }, "the POST was made")
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "handshake_pending", "a 503 is retried later")
            #expect(try await pool.query("SELECT count(*) FROM tokens WHERE peer_id = \(peer)").first!.decode(0, as: Int.self) == 0)
        }
    }

    @Test(arguments: [("no mutual version", "no version in common"), ("refused", "answered HTTP 400"), ("no credentials endpoint", "no credentials endpoint")])
    func aRefusalIsRecordedAndEndsTheAttempt(failure: String, message: String) async throws {
        try await TestApp.run { _, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = "refused-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenA)
            defer { Task { await emsp.stop() } }
            switch failure {
            case "no mutual version": emsp.behavior.versions = ["2.1.1"]
            case "refused": emsp.behavior.failWith = .badRequest
            default: emsp.behavior.endpoints = [(.locations, .receiver)]
            }
            let peer = try await connect(pool, emsp: emsp, tokenA: tokenA, tenants: tenant.description)
            try await connector(pool).runOnce()
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "failed")
            #expect(row.lastError?.contains(message) == true, "\(row.lastError ?? "")")
            let listed = try AdminScript.run("list_peers")
            #expect(listed.stdout.contains("failed") && listed.stdout.contains(message))
        }
    }

    @Test func connectPeerRefusesBadInput() async throws {
        try await TestDatabase.migrate()
        let missing = try AdminScript.run("connect_peer", ["token_a": "x", "tenants": "*"])
        #expect(!missing.succeeded && missing.stderr.contains("versions_url is required"))
        let badURL = try AdminScript.run("connect_peer", ["versions_url": "ftp://x", "token_a": "x", "tenants": "*"])
        #expect(!badURL.succeeded && badURL.stderr.contains("http(s) URL"))
        let badTenant = try AdminScript.run("connect_peer", ["versions_url": "https://x.example/versions", "token_a": "x", "tenants": "QQ*9ZZ"])
        #expect(!badTenant.succeeded && badTenant.stderr.contains("unknown tenant"))
    }

    @Test func aHandRegisteredPeerGetsItsEndpointsDiscovered() async throws {
        try await TestApp.run { _, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let theirToken = "hand-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: theirToken)
            defer { Task { await emsp.stop() } }
            let outcome = try AdminScript.run(
                "register_peer",
                ["country_code": "NL", "party_id": "EMS", "role": "EMSP", "tenants": tenant.description, "versions_url": emsp.versionsURL, "token": theirToken])
            #expect(outcome.succeeded, "\(outcome.stderr)")
            let peer = try await pool.query("SELECT id FROM peer_connections WHERE versions_url = \(emsp.versionsURL)").first!.decode(0, as: Int64.self)
            try await connector(pool).runOnce()
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "connected")
            #expect(row.version == "2.3.0")
            #expect(row.endpoints.contains("/ocpi/emsp/2.3.0/locations"))
            #expect(row.roles == ["EMSP NL*EMS"], "discovery keeps the roles the operator gave")
            #expect(!emsp.received.contains { $0.method == "POST" }, "discovery never registers")
        }
    }

    /// connect_peer.sql with versions=2.2.1: of an EMSP that speaks 2.2.1 and 2.3.0 we pick 2.2.1, and the token B
    /// we hand it is offered 2.2.1 only, before and after the handshake.
    @Test func aConnectionLimitedTo221RegistersWith221() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = "limited-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenA)
            defer { Task { await emsp.stop() } }
            emsp.behavior.versions = ["2.2.1", "2.3.0"]
            let peer = try await connect(pool, emsp: emsp, tokenA: tokenA, tenants: tenant.description, versions: "2.2.1")
            try await connector(pool).runOnce()
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "connected", "\(row.lastError ?? "")")
            #expect(row.version == "2.2.1")
            #expect(emsp.received.first { $0.method == "POST" }?.path == "/ocpi/emsp/2.2.1/credentials")
            let tokenB = try #require(emsp.tokenFromPlatform)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(tokenB)) { response in
                let versions = try Envelope(response).data?.array?.compactMap { $0["version"]?.string }
                #expect(versions == ["2.2.1"])
            }
            try await client.execute(uri: "/ocpi/cpo/2.3.0/locations", method: .get, headers: .base64Token(tokenB)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// With versions=2.2.1, no version in common with a 2.3.0-only EMSP: the message says what we offer.
    @Test func aConnectionLimitedTo221FailsWithA230OnlyPeer() async throws {
        try await TestApp.run { _, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = "only-230-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenA)
            defer { Task { await emsp.stop() } }
            emsp.behavior.versions = ["2.3.0"]
            let peer = try await connect(pool, emsp: emsp, tokenA: tokenA, tenants: tenant.description, versions: "2.2.1")
            try await connector(pool).runOnce()
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "failed")
            #expect(row.lastError == "no version in common: the peer offers 2.3.0; we offer it 2.2.1", "\(row.lastError ?? "")")
            #expect(!emsp.received.contains { $0.method == "POST" })
        }
    }

    /// register_peer.sql with versions=2.2.1: discovery reads the 2.2.1 details, not the highest.
    @Test func aHandRegisteredPeerLimitedTo221IsDiscoveredAt221() async throws {
        try await TestApp.run { _, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let theirToken = "hand-221-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: theirToken)
            defer { Task { await emsp.stop() } }
            let outcome = try AdminScript.run(
                "register_peer",
                ["country_code": "NL", "party_id": "EMS", "role": "EMSP", "tenants": tenant.description, "versions_url": emsp.versionsURL,
                 "token": theirToken, "versions": "2.2.1"])
            #expect(outcome.succeeded, "\(outcome.stderr)")
            let peer = try await pool.query("SELECT id FROM peer_connections WHERE versions_url = \(emsp.versionsURL)").first!.decode(0, as: Int64.self)
            try await connector(pool).runOnce()
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "connected", "\(row.lastError ?? "")")
            #expect(row.version == "2.2.1")
            #expect(emsp.received.map(\.path) == ["/ocpi/versions", "/ocpi/2.2.1"])
        }
    }
}
