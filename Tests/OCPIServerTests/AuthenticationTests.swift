import HTTPTypes
import HummingbirdTesting
import OCPIModel
import PGClient
import Testing
import TestSupport

/// `Authorization: Token …`, raw or Base64; 401 in an envelope for anything else.
@Suite(.timeLimit(.minutes(1)))
struct AuthenticationTests {
    @Test func aRawTokenIsAccepted() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .token(token)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aBase64TokenIsAccepted() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(token)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: [
        ("", "missing Authorization header"),
        ("Token not-a-real-token", "unknown or revoked token"),
        ("Bearer something", "must read 'Token <your token>'"),
        ("Token", "must read 'Token <your token>'"),
    ])
    func badCredentialsGet401InAnEnvelope(header: String, message: String) async throws {
        try await TestApp.run { client, _ in
            let headers: HTTPFields = header.isEmpty ? [:] : [.authorization: header]
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 2000)
                #expect(envelope.statusMessage?.contains(message) == true, "\(envelope.statusMessage ?? "")")
                #expect(envelope.data == nil)
            }
        }
    }

    @Test func aRevokedTokenIsRefused() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .token(token)) { response in
                #expect(response.status == .ok)
            }
            try await pool.query("SELECT ocpi_admin.revoke_token(\(token))")
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .token(token)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(token)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func tokenAReadsVersionsButNoFunctionalModule() async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let tokenA = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description))").first!.decode(0, as: String.self)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(tokenA)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/ocpi/2.2.1", method: .get, headers: .base64Token(tokenA)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(tokenA)) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .unauthorized)
                #expect(envelope.statusMessage?.contains("registration") == true)
            }
        }
    }
}
