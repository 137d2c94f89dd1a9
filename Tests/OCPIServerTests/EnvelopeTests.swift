import HTTPTypes
import HummingbirdTesting
import NIOCore
import OCPIModel
import Testing
import TestSupport

/// Every response is an OCPI envelope, with request ids echoed, including errors and unknown routes.
@Suite(.timeLimit(.minutes(1)))
struct EnvelopeTests {
    @Test func anUnknownRouteIs404InAnEnvelope() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            for uri in ["/nowhere", "/ocpi/cpo/2.2.1/no-such-module", "/ocpi/cpo/9.9/locations"] {
                try await client.execute(uri: uri, method: .get, headers: .token(token)) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let envelope = try Envelope(response)
                    #expect(envelope.statusCode == 2000)
                    #expect(envelope.statusMessage?.contains("no OCPI endpoint") == true)
                    #expect(response.headers[.init("X-Request-ID")!] != nil)
                }
            }
        }
    }

    @Test func aWrongMethodIs405InAnEnvelope() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/versions", method: .delete, headers: .token(token)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 2000)
                #expect(envelope.statusMessage?.contains("DELETE is not allowed") == true)
            }
        }
    }

    /// Below /ocpi a wrong method is still behind authentication: without a valid token it is 401, so the 405's
    /// Allow header maps nothing for strangers. The open /health answers 405 to anyone.
    @Test func aWrongMethodWithoutATokenIs401() async throws {
        try await TestApp.run { client, _ in
            for uri in ["/ocpi/versions", "/ocpi/cpo/2.3.0/locations/NL/ABC/L1"] {
                try await client.execute(uri: uri, method: .delete) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.allow] == nil)
                    let envelope = try Envelope(response)
                    #expect(envelope.statusMessage?.contains("missing Authorization header") == true)
                }
            }
            try await client.execute(uri: "/health", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
        }
    }

    @Test func requestAndCorrelationIDsAreEchoed() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            var headers = HTTPFields.token(token)
            headers[.init("X-Request-ID")!] = "req-123"
            headers[.init("X-Correlation-ID")!] = "corr-456"
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: headers) { response in
                #expect(response.headers[.init("X-Request-ID")!] == "req-123")
                #expect(response.headers[.init("X-Correlation-ID")!] == "corr-456")
            }
            // Errors carry them too.
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: [.init("X-Request-ID")!: "req-789"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.init("X-Request-ID")!] == "req-789")
            }
        }
    }

    @Test func idsAreGeneratedWhenAbsentOrUnusable() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            var headers = HTTPFields.token(token)
            headers[.init("X-Correlation-ID")!] = String(repeating: "x", count: 300)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: headers) { response in
                let requestID = try #require(response.headers[.init("X-Request-ID")!])
                let correlationID = try #require(response.headers[.init("X-Correlation-ID")!])
                #expect(requestID.count == 36, "a UUID")
                #expect(correlationID.count == 36, "an oversized id is replaced")
            }
        }
    }

    @Test func anOversizedBodyIs413BeforeAnythingElse() async throws {
        try await TestApp.run(maxBodyBytes: 1024) { client, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let body = ByteBuffer(string: "{\"name\": \"" + String(repeating: "x", count: 4096) + "\"}")
            try await client.execute(
                uri: "/ocpi/cpo/2.3.0/locations/\(tenant.countryCode)/\(tenant.partyID)/BIG", method: .put, headers: .token(token), body: body
            ) { response in
                #expect(response.status == .contentTooLarge)
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 2000)
                #expect(envelope.statusMessage?.contains("1024 bytes") == true)
            }
        }
    }

    @Test func healthChecksTheDatabaseWithoutAToken() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/health", method: .get) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .ok)
                #expect(envelope.data?["database"]?.string == "ok")
            }
        }
    }
}
