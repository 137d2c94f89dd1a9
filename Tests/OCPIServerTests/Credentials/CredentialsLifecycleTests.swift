import HTTPTypes
import HummingbirdTesting
import NIOCore
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// After registration: 405 where the state forbids a method, PUT rotates token C and switches version, DELETE
/// unregisters.
@Suite(.timeLimit(.minutes(1)))
struct CredentialsLifecycleTests {
    /// Registers a fresh EMSP and returns its token C.
    func register(_ client: any TestClientProtocol, _ pool: PGPool, emsp: FakeEMSP, tokenB: String) async throws -> (tokenA: String, tokenC: String, peer: Int64) {
        let (tenant, _) = try await TestDatabase.createTenant(pool)
        let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
        let tokenC = try await client.execute(
            uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
            body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
        ) { response in
            let envelope = try Envelope(response)
            return try #require(envelope.data?["token"]?.string)
        }
        return (tokenA, tokenC, peer)
    }

    @Test func methodsThatDoNotFitTheStateAre405() async throws {
        try await TestApp.run { client, pool in
            let (tenant, ownerToken) = try await TestDatabase.createTenant(pool)
            let (tokenA, _) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            for method in [HTTPRequest.Method.put, .delete] {
                try await client.execute(
                    uri: "/ocpi/cpo/2.2.1/credentials", method: method, headers: .base64Token(tokenA),
                    body: CredentialsFixture.body(token: "x", url: "http://127.0.0.1:1/versions")
                ) { response in
                    let envelope = try Envelope(response)
                    #expect(response.status == .methodNotAllowed, "\(method) with token A")
                    #expect(envelope.statusMessage?.contains("not registered") == true)
                }
            }
            let tokenB = "lifecycle-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            let (_, tokenC, _) = try await register(client, pool, emsp: emsp, tokenB: tokenB)
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenC),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .methodNotAllowed)
                #expect(envelope.statusMessage?.contains("already registered") == true)
            }
            // Owners do not register at all.
            try await client.execute(uri: "/ocpi/cpo/2.2.1/credentials", method: .get, headers: .token(ownerToken)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func putRotatesTokenCAndSwitchesVersion() async throws {
        try await TestApp.run { client, pool in
            let tokenB = "rotate-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            let (_, tokenC, peer) = try await register(client, pool, emsp: emsp, tokenB: tokenB)
            let newTokenB = "rotated-\(UInt32.random(in: .min ... .max))"
            emsp.accept(newTokenB)
            let newTokenC = try await client.execute(
                uri: "/ocpi/cpo/2.3.0/credentials", method: .put, headers: .base64Token(tokenC),
                body: CredentialsFixture.body(token: newTokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
                return try #require(envelope.data?["token"]?.string)
            }
            #expect(newTokenC != tokenC)
            let row = try await CredentialsFixture.peerRow(pool, peer)
            #expect(row.version == "2.3.0")
            #expect(row.peerToken == newTokenB)
            #expect(row.endpoints.contains("/ocpi/emsp/2.3.0/"))
            try await client.execute(uri: "/ocpi/cpo/2.3.0/locations", method: .get, headers: .base64Token(tokenC)) { response in
                #expect(response.status == .ok, "the old token C works until the new one is used")
            }
            try await client.execute(uri: "/ocpi/cpo/2.3.0/locations", method: .get, headers: .base64Token(newTokenC)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await status(client, tokenC, becomes: .unauthorized), "the first use of the new token C ends the old one")
            try await client.execute(uri: "/ocpi/cpo/2.3.0/locations", method: .get, headers: .base64Token(newTokenC)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// Polls `GET /ocpi/versions` with `token` until it answers `expected` (the first use of a token is recorded off
    /// the request's path), for at most five seconds.
    func status(_ client: any TestClientProtocol, _ token: String, becomes expected: HTTPResponse.Status) async throws -> Bool {
        for _ in 0..<50 {
            let status = try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(token)) { $0.status }
            if status == expected { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Rotates the token C of a fresh registration; returns the old token, the new one and the peer.
    func rotate(_ client: any TestClientProtocol, _ pool: PGPool, label: String) async throws -> (old: String, new: String, emsp: FakeEMSP, tokenB: String) {
        let tokenB = "\(label)-\(UInt32.random(in: .min ... .max))"
        let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
        let (_, tokenC, _) = try await register(client, pool, emsp: emsp, tokenB: tokenB)
        let newTokenC = try await client.execute(
            uri: "/ocpi/cpo/2.2.1/credentials", method: .put, headers: .base64Token(tokenC),
            body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
        ) { response in
            let envelope = try Envelope(response)
            #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
            return try #require(envelope.data?["token"]?.string)
        }
        return (tokenC, newTokenC, emsp, tokenB)
    }

    /// A PUT whose answer never arrives: the peer keeps the old token, which works for ten minutes (aged here in
    /// SQL), then stops; the new one keeps working.
    @Test func aRotatedTokenWorksUntilTheGraceEnds() async throws {
        try await TestApp.run { client, pool in
            let (old, new, emsp, _) = try await rotate(client, pool, label: "grace")
            defer { Task { await emsp.stop() } }
            let grace = try await pool.query(
                "SELECT extract(epoch FROM retires_at - now())::int, successor_id IS NOT NULL FROM tokens WHERE digest = \(TokenDigest(token: old))").first!
            #expect((590...600).contains(try grace.decode(0, as: Int.self)), "ten minutes")
            #expect(try grace.decode(1, as: Bool.self))
            for _ in 0..<3 {
                try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(old)) { response in
                    #expect(response.status == .ok, "the old token keeps working while the new one is unused")
                }
            }
            try await pool.query("UPDATE tokens SET retires_at = now() - interval '1 second' WHERE digest = \(TokenDigest(token: old))")
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(old)) { response in
                #expect(response.status == .unauthorized, "after the grace the old token is refused")
            }
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(new)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// The answer was lost and the peer PUTs again with the old token: it gets another new token, and the one it
    /// never received stops working.
    @Test func aRepeatedPutWithTheOldTokenReplacesTheUnusedSuccessor() async throws {
        try await TestApp.run { client, pool in
            let (old, lost, emsp, tokenB) = try await rotate(client, pool, label: "again")
            defer { Task { await emsp.stop() } }
            let again = try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .put, headers: .base64Token(old),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
                return try #require(envelope.data?["token"]?.string)
            }
            #expect(again != lost)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(lost)) { response in
                #expect(response.status == .unauthorized, "the successor that never arrived is withdrawn")
            }
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(old)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(again)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await status(client, old, becomes: .unauthorized))
        }
    }

    @Test func aFailedPutKeepsTheOldTokenWorking() async throws {
        try await TestApp.run { client, pool in
            let tokenB = "failed-put-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            let (_, tokenC, peer) = try await register(client, pool, emsp: emsp, tokenB: tokenB)
            emsp.behavior.failWith = .badGateway
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .put, headers: .base64Token(tokenC),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 3001)
            }
            #expect(try await CredentialsFixture.peerRow(pool, peer).state == "connected")
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: .base64Token(tokenC)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func deleteUnregisters() async throws {
        try await TestApp.run { client, pool in
            let tokenB = "unregister-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            let (_, tokenC, peer) = try await register(client, pool, emsp: emsp, tokenB: tokenB)
            try await client.execute(uri: "/ocpi/2.2.1/credentials", method: .delete, headers: .base64Token(tokenC)) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .ok)
                #expect(envelope.statusCode == 1000)
            }
            #expect(try await CredentialsFixture.peerRow(pool, peer).state == "unregistered")
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .base64Token(tokenC)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func routingHeadersSelectAGrantedTenantOnly() async throws {
        try await TestApp.run { client, pool in
            let (granted, grantedOwner) = try await TestDatabase.createTenant(pool)
            let (other, otherOwner) = try await TestDatabase.createTenant(pool)
            for (tenant, token) in [(granted, grantedOwner), (other, otherOwner)] {
                try await client.execute(
                    uri: "/ocpi/cpo/2.2.1/locations/\(tenant.countryCode)/\(tenant.partyID)/SHARED1", method: .put, headers: .token(token),
                    body: ByteBuffer(string: #"{"publish": true, "address": "Main 1", "city": "Utrecht", "country": "NLD", "coordinates": {"latitude": "52.090000", "longitude": "5.120000"}, "time_zone": "Europe/Amsterdam"}"#)
                ) { response in
                    let envelope = try Envelope(response)
                    #expect(envelope.statusCode == 1000, "\(envelope.statusMessage ?? "")")
                }
            }
            let tokenC = try await pool.query(
                "SELECT ocpi_admin.register_peer('NL', 'EMS', 'EMSP', \(granted.description), NULL, NULL)").first!.decode(0, as: String.self)
            var headers = HTTPFields.base64Token(tokenC)
            headers[.init("OCPI-to-country-code")!] = granted.countryCode
            headers[.init("OCPI-to-party-id")!] = granted.partyID
            headers[.init("OCPI-from-country-code")!] = "NL"
            headers[.init("OCPI-from-party-id")!] = "EMS"
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations/SHARED1", method: .get, headers: headers) { response in
                let envelope = try Envelope(response)
                #expect(envelope.data?["party_id"]?.string == granted.partyID)
                #expect(response.headers[.init("OCPI-from-country-code")!] == granted.countryCode)
                #expect(response.headers[.init("OCPI-from-party-id")!] == granted.partyID)
                #expect(response.headers[.init("OCPI-to-country-code")!] == "NL")
                #expect(response.headers[.init("OCPI-to-party-id")!] == "EMS")
            }
            headers[.init("OCPI-to-country-code")!] = other.countryCode
            headers[.init("OCPI-to-party-id")!] = other.partyID
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations/SHARED1", method: .get, headers: headers) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .notFound)
                #expect(envelope.statusMessage?.contains("not granted") == true)
                #expect(envelope.statusMessage?.contains(other.description) == true)
            }
            headers[.init("OCPI-to-country-code")!] = granted.countryCode
            headers[.init("OCPI-to-party-id")!] = granted.partyID
            headers[.init("OCPI-from-party-id")!] = "XXX"
            try await client.execute(uri: "/ocpi/cpo/2.2.1/locations", method: .get, headers: headers) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 2001)
                #expect(envelope.statusMessage?.contains("not one of this connection's roles") == true)
            }
        }
    }
}
