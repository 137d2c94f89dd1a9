import HTTPTypes
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A registration limited to some versions (`create_registration.sql -v versions=2.2.1`), for EMSP clients that
/// reject a versions list with a version they do not know: that connection sees only its versions, with token A and
/// with every later token, and gets 404 on the routes of the others.
@Suite(.timeLimit(.minutes(1)))
struct OfferedVersionsTests {
    func versions(_ client: any TestClientProtocol, token: String) async throws -> [String]? {
        try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(token)) { response in
            #expect(response.status == .ok)
            return try Envelope(response).data?.array?.compactMap { $0["version"]?.string }
        }
    }

    /// 404 with 2000 and a message naming the versions the connection may use.
    func expectNotOffered(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, body: ByteBuffer? = nil) async throws {
        try await client.execute(uri: uri, method: method, headers: .base64Token(token), body: body) { response in
            let envelope = try Envelope(response)
            #expect(response.status == .notFound, "\(method) \(uri)")
            #expect(envelope.statusCode == 2000, "\(method) \(uri)")
            #expect(envelope.statusMessage == "version 2.3.0 is not offered to this connection; it may use 2.2.1 (GET /ocpi/versions lists them)")
            #expect(envelope.data == nil)
        }
    }

    @Test func aRegistrationLimitedTo221SeesAndUsesOnly221() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = try #require(
                try AdminScript.run("create_registration", ["tenants": tenant.description, "versions": "2.2.1"]).lastLine)
            let peer = try await pool.query("SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: tokenA))").first!.decode(0, as: Int64.self)
            let tokenB = "limited-b-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }

            // Token A: only 2.2.1 is listed; the 2.3.0 details and credentials are not there.
            #expect(try await versions(client, token: tokenA) == ["2.2.1"])
            try await expectNotOffered(client, .get, "/ocpi/2.3.0", token: tokenA)
            let body = CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            try await expectNotOffered(client, .post, "/ocpi/2.3.0/credentials", token: tokenA, body: body)
            try await expectNotOffered(client, .post, "/ocpi/cpo/2.3.0/credentials", token: tokenA, body: body)
            try await expectNotOffered(client, .patch, "/ocpi/2.3.0/credentials", token: tokenA, body: body)
            #expect(try await CredentialsFixture.peerRow(pool, peer).state == "awaiting_registration", "the refused POSTs stored nothing")
            #expect(emsp.received.isEmpty, "and called nobody")
            try await client.execute(uri: "/ocpi/2.2.1", method: .get, headers: .base64Token(tokenA)) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .ok)
                #expect(envelope.data?["version"]?.string == "2.2.1")
            }

            // Registering through 2.2.1 works; token C is limited the same way.
            let tokenC = try await client.execute(
                uri: "/ocpi/2.2.1/credentials", method: .post, headers: .base64Token(tokenA), body: body
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
                return try #require(envelope.data?["token"]?.string)
            }
            #expect(try await CredentialsFixture.peerRow(pool, peer).version == "2.2.1")
            #expect(try await versions(client, token: tokenC) == ["2.2.1"])
            try await expectNotOffered(client, .get, "/ocpi/2.3.0", token: tokenC)
            try await expectNotOffered(client, .get, "/ocpi/cpo/2.3.0/locations", token: tokenC)
            try await expectNotOffered(client, .get, "/ocpi/cpo/2.3.0/locations/SOME-LOCATION", token: tokenC)
            try await expectNotOffered(client, .put, "/ocpi/2.3.0/credentials", token: tokenC, body: body)
            // A method the path does not serve says 404 too, not 405: to this client the 2.3.0 URLs do not exist.
            try await expectNotOffered(client, .patch, "/ocpi/2.3.0/credentials", token: tokenC, body: body)
            try await expectNotOffered(client, .patch, "/ocpi/cpo/2.3.0/credentials", token: tokenC, body: body)
            try await expectNotOffered(client, .delete, "/ocpi/2.3.0", token: tokenC)
            try await expectNotOffered(client, .post, "/ocpi/cpo/2.3.0/locations", token: tokenC, body: body)
            try await client.execute(uri: "/ocpi/2.2.1/credentials", method: .patch, headers: .base64Token(tokenC), body: body) { response in
                #expect(response.status == .methodNotAllowed, "an offered version still says 405")
            }
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(tokenC)) { response in
                #expect(response.status == .ok)
            }

            // A rotation through 2.2.1 hands out a token that is limited too.
            let rotated = try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .put, headers: .base64Token(tokenC), body: body
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
                return try #require(envelope.data?["token"]?.string)
            }
            #expect(try await versions(client, token: rotated) == ["2.2.1"])
            try await expectNotOffered(client, .get, "/ocpi/cpo/2.3.0/locations", token: rotated)
        }
    }

    /// Without `versions`, a connection and an owner are offered every version we speak.
    @Test func withoutALimitEveryVersionIsOffered() async throws {
        try await TestApp.run { client, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let (tokenA, _) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            for token in [tokenA, owner] {
                #expect(try await versions(client, token: token) == ["2.2.1", "2.3.0"])
                try await client.execute(uri: "/ocpi/2.3.0", method: .get, headers: .base64Token(token)) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }
}
