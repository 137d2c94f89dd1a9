import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
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

/// A peer cannot make us call inside our own network: a credentials POST or PUT whose versions URL, or any
/// endpoint in its details, leads to a private, loopback, link-local or `unix` address is refused with a generic
/// 3001, nothing is called there and nothing is stored; the reason goes to the connection's `last_error`.
/// And a peer that drips its answer is cut off at the deadline.
@Suite(.timeLimit(.minutes(1)))
struct CredentialsURLPolicyTests {
    static let generic = "could not complete the handshake with your platform"

    /// Everything a refused exchange must leave as it was: the connection, its roles and its tokens.
    struct Snapshot: Equatable {
        var state: String
        var version: String?
        var peerToken: String?
        var endpoints: String
        var roles: [String]
        var tokens: String

        init(_ pool: PGPool, _ peer: Int64) async throws {
            let row = try await CredentialsFixture.peerRow(pool, peer)
            (state, version, peerToken, endpoints, roles) = (row.state, row.version, row.peerToken, row.endpoints, row.roles)
            tokens = try await pool.query(
                """
                SELECT coalesce(string_agg(id::text || ':' || kind || ':' || (revoked_at IS NULL)::text, ',' ORDER BY id), '')
                  FROM tokens WHERE peer_id = \(peer)
                """
            ).first!.decode(0, as: String.self)
        }
    }

    static func expectGenericRefusal(_ response: TestResponse, hiding details: [String]) throws {
        let envelope = try Envelope(response)
        #expect(response.status == .ok)
        #expect(envelope.statusCode == 3001, "\(envelope.statusMessage ?? "")")
        let message = envelope.statusMessage ?? ""
        #expect(message.contains(generic), "\(message)")
        for detail in details { #expect(!message.contains(detail), "the caller is told \(detail): \(message)") }
    }

    /// POST with token A naming a loopback versions URL, while private networks are not allowed: the fake EMSP
    /// (on loopback) hears nothing, and token A still works.
    @Test func aPostNamingLoopbackIsRefusedAndCallsNothing() async throws {
        try await TestApp.run(peerClient: TestApp.publicOnlyPeerClient) { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "ssrf-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            let before = try await Snapshot(pool, peer)

            for url in ["http://127.0.0.1:1/versions", emsp.versionsURL, emsp.versionsURL.replacing("127.0.0.1", with: "[::ffff:127.0.0.1]")] {
                try await client.execute(
                    uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                    body: CredentialsFixture.body(token: tokenB, url: url)
                ) { response in
                    try Self.expectGenericRefusal(response, hiding: ["loopback", "127.0.0.1", "refused"])
                }
                #expect(try await Snapshot(pool, peer) == before, "\(url)")
                let lastError = try await CredentialsFixture.peerRow(pool, peer).lastError ?? ""
                #expect(lastError.contains("loopback") && lastError.contains("PEER_ALLOW_PRIVATE_NETWORKS"), "\(lastError)")
            }
            #expect(emsp.received.isEmpty)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(tokenA)) { response in
                #expect(response.status == .ok, "token A is not spent")
            }
        }
    }

    /// POST with token A whose version details list an endpoint at a `unix` socket or at the cloud metadata address
    /// (refused even where private networks are allowed): nothing is stored, and nothing but discovery is called.
    @Test(arguments: [
        "http+unix://%2Fvar%2Frun%2Fdocker.sock/ocpi/emsp/locations", "unix:///var/run/docker.sock",
        "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/latest/meta-data/", "http://0.0.0.0:5432/",
    ])
    func aPostWhoseEndpointLeadsInsideIsRefused(endpoint: String) async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "ssrf-endpoint-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            emsp.behavior.endpointURLs = [.locations: endpoint]
            let before = try await Snapshot(pool, peer)
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                try Self.expectGenericRefusal(response, hiding: ["169.254", "unix", "link-local"])
            }
            #expect(try await Snapshot(pool, peer) == before)
            #expect(emsp.received.map(\.path) == ["/ocpi/versions", "/ocpi/2.2.1"])
            let lastError = try await CredentialsFixture.peerRow(pool, peer).lastError ?? ""
            #expect(lastError.contains("refused to call the URL"), "\(lastError)")
        }
    }

    /// PUT with token C naming details with a `unix` endpoint: the connection keeps its endpoints and tokens, and
    /// token C keeps working.
    @Test func aPutWhoseEndpointIsAUnixSocketIsRefused() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "ssrf-put-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            let tokenC = try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in try #require(try Envelope(response).data?["token"]?.string) }
            let before = try await Snapshot(pool, peer)

            emsp.behavior.endpointURLs = [.locations: "http+unix://%2Fvar%2Frun%2Fpostgresql%2F.s.PGSQL.5432/x"]
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .put, headers: .base64Token(tokenC),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                try Self.expectGenericRefusal(response, hiding: ["unix", "postgresql"])
            }
            #expect(try await Snapshot(pool, peer) == before)
            #expect(try await CredentialsFixture.peerRow(pool, peer).lastError?.contains("http+unix") == true)
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(tokenC)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A redirect is not followed, even to the same platform: where it leads was never checked.
    @Test func aRedirectIsNotFollowed() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "redirect-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            emsp.behavior.redirectVersions = true
            let before = try await Snapshot(pool, peer)
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                try Self.expectGenericRefusal(response, hiding: ["302"])
            }
            #expect(try await Snapshot(pool, peer) == before)
            #expect(emsp.received.map(\.path) == ["/ocpi/versions"])
            let lastError = try await CredentialsFixture.peerRow(pool, peer).lastError ?? ""
            #expect(lastError.contains("HTTP 302 (redirects are not followed)"), "\(lastError)")
        }
    }

    /// A host name is connected to the address the policy checked, not resolved again: here the name exists only
    /// in the test's resolver, so the call succeeds only if the connection goes where the check said.
    @Test func aNameIsConnectedToTheAddressChecked() async throws {
        struct OneName: HostResolver {
            func addresses(of host: String) async throws -> [IPAddress] {
                guard host == "emsp.pinned.invalid" else { throw HostResolutionError(host: host, reason: "unknown") }
                return [IPAddress("127.0.0.1")!]
            }
        }
        let emsp = try await CredentialsFixture.emsp(accepting: "pinned")
        defer { Task { await emsp.stop() } }
        let peerClient = PeerClient(
            configuration: .init(connectTimeout: .seconds(1), requestTimeout: .seconds(3), allowPrivateNetworks: true), resolver: OneName(),
            logger: TestDatabase.logger)
        let url = emsp.versionsURL.replacing("127.0.0.1", with: "emsp.pinned.invalid")
        for _ in 0..<2 {
            let answer = try await peerClient.call(.GET, url, token: PeerToken(value: "pinned", format: .base64), as: [Version].self)
            #expect(answer.data?.map(\.version.rawValue) == ["2.2.1", "2.3.0"])
        }
        #expect(emsp.received.map(\.path) == ["/ocpi/versions", "/ocpi/versions"])
        try await peerClient.shutdown()
    }

    /// A peer that sends its headers and then one byte every two seconds is cut off at the deadline (3 s in
    /// `TestApp.peerClient`), not when its 100-odd bytes are done.
    @Test func aPeerThatDripsItsAnswerIsCutOffAtTheDeadline() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "drip-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            emsp.behavior.dripVersionsEvery = .seconds(2)
            let started = ContinuousClock.now
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                try Self.expectGenericRefusal(response, hiding: ["timed out"])
            }
            let elapsed = ContinuousClock.now - started
            // The whole drip would take minutes; a loaded machine may stretch the cut-off, not by that much.
            #expect(elapsed >= .seconds(2.5) && elapsed < .seconds(30), "\(elapsed)")
            #expect(try await CredentialsFixture.peerRow(pool, peer).lastError?.contains("timed out") == true)
        }
    }

    /// The same at the client: its deadline covers the body, whatever the read timeout.
    @Test func theClientsDeadlineCoversTheBody() async throws {
        let emsp = try await CredentialsFixture.emsp(accepting: "drip")
        defer { Task { await emsp.stop() } }
        emsp.behavior.dripVersionsEvery = .seconds(2)
        let peerClient = PeerClient(
            configuration: .init(connectTimeout: .seconds(1), requestTimeout: .seconds(2), allowPrivateNetworks: true), logger: TestDatabase.logger)
        let started = ContinuousClock.now
        do {
            _ = try await peerClient.call(.GET, emsp.versionsURL, token: PeerToken(value: "drip", format: .base64), as: [Version].self)
            Issue.record("the call completed")
        } catch {
            #expect(error.kind == .unreachable && error.message.contains("timed out"), "\(error)")
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(30), "cut off long before the drip (minutes) would end, not after \(elapsed)")
        try await peerClient.shutdown()
    }
}
