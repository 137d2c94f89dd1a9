import HTTPTypes
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An EMSP registers with us using token A: we read its versions and details with its token B, store them, and
/// answer token C; token A is spent. Any failure leaves everything as it was.
@Suite(.timeLimit(.minutes(1)))
struct CredentialsRegistrationTests {
    @Test(arguments: ["2.2.1", "2.3.0"])
    func theFullHandshake(version: String) async throws {
        try await TestApp.run { client, pool in
            let (first, _) = try await TestDatabase.createTenant(pool, name: "First CPO")
            let (second, _) = try await TestDatabase.createTenant(pool, name: "Second CPO")
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: "\(first),\(second)")
            let tokenB = "emsp-token-b-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }

            let tokenC = try await client.execute(
                uri: "/ocpi/cpo/\(version)/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .ok)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
                let data = try #require(envelope.data)
                #expect(data["url"]?.string == "\(TestApp.publicURL)/ocpi/versions")
                let roles = try #require(data["roles"]?.array)
                let parties: [String] = roles.map { role in
                    (role["country_code"]?.string ?? "") + "*" + (role["party_id"]?.string ?? "")
                }
                #expect(parties == [first, second].sorted().map(\.description))
                #expect(roles.allSatisfy { $0["role"]?.string == "CPO" })
                #expect(roles.compactMap { $0["business_details"]?["name"]?.string }.sorted() == ["First CPO", "Second CPO"].sorted())
                return try #require(data["token"]?.string)
            }
            #expect(tokenC != tokenA && tokenC != tokenB)

            // We called the EMSP with its token B, Base64-encoded as the version prescribes.
            let calls = emsp.received
            #expect(calls.map(\.path) == ["/ocpi/versions", "/ocpi/\(version)"])
            #expect(calls.allSatisfy { $0.header("Authorization") == "Token " + Data(tokenB.utf8).base64EncodedString() })
            #expect(calls.allSatisfy { $0.header("X-Request-ID") != nil && $0.header("X-Correlation-ID") != nil })

            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "connected")
            #expect(row.version == version)
            #expect(row.peerToken == tokenB)
            #expect(row.tokenFormat == "base64")
            #expect(row.endpoints.contains("/ocpi/emsp/\(version)/locations"))
            #expect(row.roles == ["EMSP NL*EMS"])

            // Token C works on functional modules; token A no longer works anywhere.
            try await client.execute(uri: "/ocpi/cpo/\(version)/locations", method: .get, headers: .base64Token(tokenC)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(tokenA)) { response in
                #expect(response.status == .unauthorized)
            }
            // GET credentials shows our credentials with the token the caller uses.
            try await client.execute(uri: "/ocpi/\(version)/credentials", method: .get, headers: .base64Token(tokenC)) { response in
                let envelope = try Envelope(response)
                #expect(envelope.data?["token"]?.string == tokenC)
                #expect(response.headers[.init("OCPI-from-country-code")!] == nil, "no routing headers on credentials")
            }
        }
    }

    @Test func aPeerThatWantsRawTokensIsServedRaw() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "raw-only-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            emsp.behavior.rawTokensOnly = true
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
            }
            #expect(try await CredentialsFixture.peerRow(pool, peer).tokenFormat == "raw")
            #expect(emsp.received.last?.header("Authorization") == "Token \(tokenB)")
        }
    }

    /// Each failure: the expected code, and the connection untouched (token A still registers afterwards).
    @Test(arguments: [
        ("refuses", 3001), ("times out", 3001), ("has no credentials endpoint", 3003), ("lacks the version", 3002),
    ])
    func aFailedRegistrationChangesNothing(failure: String, code: Int) async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "failing-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            switch failure {
            case "refuses": emsp.behavior.failWith = .internalServerError
            case "times out": emsp.behavior.delay = .seconds(5)
            case "has no credentials endpoint": emsp.behavior.endpoints = [(.locations, .receiver)]
            default: emsp.behavior.versions = ["2.3.0"]
            }
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .ok)
                #expect(envelope.statusCode == code, "\(envelope.statusMessage ?? "")")
                #expect(envelope.statusMessage?.isEmpty == false)
            }
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.state == "awaiting_registration")
            #expect(row.peerToken == nil)
            #expect(row.roles.isEmpty)
            // Token A is still good: once the EMSP behaves, registration succeeds.
            emsp.behavior = FakeEMSP.Behavior()
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
            }
        }
    }

    @Test func aMalformedCredentialsBodyIsRefused() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA), body: ByteBuffer(string: "{not json")
            ) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .badRequest)
                #expect(envelope.statusCode == 2001)
            }
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: "has space", url: "ftp://x", roles: "[]")
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 2001)
                #expect(envelope.statusMessage?.contains("token must be") == true)
                #expect(envelope.statusMessage?.contains("url must be") == true)
                #expect(envelope.statusMessage?.contains("roles must") == true)
            }
            #expect(try await CredentialsFixture.peerRow(pool, peer).state == "awaiting_registration")
        }
    }
}
