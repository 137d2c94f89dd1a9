import Foundation
import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A peer's charging profiles for a session of one of its tokens go to the tenant's back-office like commands, with
/// results relayed back; after a successful Set, the back-office's ActiveChargingProfile reaches that peer.
@Suite struct ChargingProfilesHTTPTests {
    static func url(_ session: String, query: String = "") -> String {
        "/ocpi/cpo/2.2.1/chargingprofiles/\(session)" + (query.isEmpty ? "" : "?" + query)
    }

    static func set(_ responseURL: String) -> String {
        #"{"response_url": "\#(responseURL)", "charging_profile": {"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 11000}, {"start_period": 1800, "limit": 7400}]}}"#
    }

    static let active = #"{"start_date_time": "2026-12-07T12:00:00Z", "charging_profile": {"charging_rate_unit": "W", "charging_profile_period": [{"start_period": 0, "limit": 11000}]}}"#

    /// A fixture with a session S1 of the EMSP's token, and the EMSP's ChargingProfiles endpoint on its receiver.
    static func fixture(_ http: LocationsClient, _ pool: PGPool) async throws -> CommandFixture {
        let fixture = try await CommandFixture.make(http, pool)
        #expect(try await http.put(ChargeURL.session(fixture.tenant, "S1"), token: fixture.ownerToken, ChargeBodies.session(fixture.tenant, "S1", token: fixture.emsp.party)).status == .created)
        let endpoints = #"[{"identifier": "chargingprofiles", "role": "SENDER", "url": "\#(fixture.results.baseURL)/emsp/chargingprofiles"}]"#
        try await pool.query(
            "UPDATE peer_connections SET endpoints = \(endpoints)::jsonb WHERE id = \(try await TokenFixture.peerID(pool, fixture.emsp).rawValue)")
        return fixture
    }

    @Test func aSetProfileGoesToTheBackofficeAndTheActiveProfileComesBack() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await Self.fixture(http, pool)
            defer { Task { await fixture.stop() } }

            let early = try await http.put(Self.url("S1"), token: fixture.ownerToken, Self.active)
            #expect(early.code == 2001, "no profile was set yet: \(early.message)")

            let reply = try await http.put(Self.url("S1"), token: fixture.emsp.token, Self.set(fixture.responseURL))
            #expect(reply.data?["result"]?.string == "ACCEPTED", "\(reply.message)")
            let forwarded = try #require(fixture.backoffice.calls.first)
            #expect(forwarded.method == "PUT" && forwarded.path == "/ocpi/cpo/2.2.1/chargingprofiles/S1")
            #expect(forwarded.json["charging_profile"]?["charging_profile_period"]?[1]?["limit"]?.number == 7400)
            let resultURL = try #require(forwarded.json["response_url"]?.string)
            #expect(resultURL.hasPrefix(TestApp.publicURL + "/ocpi/cpo/2.2.1/chargingprofiles/SET_PROFILE/"))

            let path = String(resultURL.dropFirst(TestApp.publicURL.count))
            #expect(try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#).code == 1000)
            try await CommandFixture.relay(pool) { !fixture.results.calls.isEmpty }
            #expect(fixture.results.calls.first?.json["result"]?.string == "ACCEPTED")

            let passed = try await http.put(Self.url("S1"), token: fixture.ownerToken, Self.active)
            #expect(passed.code == 1000, "\(passed.message)")
            let delivered = try #require(fixture.results.calls.last)
            #expect(delivered.method == "PUT" && delivered.path == "/emsp/chargingprofiles/S1")
            #expect(delivered.json["charging_profile"]?["charging_rate_unit"]?.string == "W")
            #expect(delivered.header("OCPI-from-party-id") == fixture.tenant.partyID)
        }
    }

    @Test func getAndClearAreForwardedWithOurResponseURL() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await Self.fixture(http, pool)
            defer { Task { await fixture.stop() } }
            let encoded = PercentEncoding.encode(fixture.responseURL)
            #expect(try await http.get(Self.url("S1", query: "duration=900&response_url=\(encoded)"), token: fixture.emsp.token).data?["result"]?.string == "ACCEPTED")
            #expect(try await http.send(.delete, Self.url("S1", query: "response_url=\(encoded)"), token: fixture.emsp.token).data?["result"]?.string == "ACCEPTED")
            let calls = fixture.backoffice.calls
            #expect(calls.map(\.method) == ["GET", "DELETE"])
            #expect(calls.first?.query?.hasPrefix("duration=900&response_url=") == true, "\(calls.first?.query ?? "")")
            #expect(calls.allSatisfy { !($0.query ?? "").contains(encoded) }, "the back-office never sees the EMSP's response_url")
            let missing = try await http.get(Self.url("S1", query: "response_url=\(encoded)"), token: fixture.emsp.token)
            #expect(missing.code == 2001 && missing.message.contains("duration"))
        }
    }

    @Test func anotherPartysSessionIsUnknown() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await Self.fixture(http, pool)
            defer { Task { await fixture.stop() } }
            let other = try await TokenFixture.emsp(pool, granted: [fixture.tenant])
            #expect(try await http.put(ChargeURL.session(fixture.tenant, "S2"), token: fixture.ownerToken, ChargeBodies.session(fixture.tenant, "S2", token: other.party)).status == .created)
            let reply = try await http.put(Self.url("S2"), token: fixture.emsp.token, Self.set(fixture.responseURL))
            #expect(reply.data?["result"]?.string == "UNKNOWN_SESSION")
            let elsewhere = try await http.put(Self.url("S1"), token: fixture.emsp.token, Self.set("https://collector.example/x"))
            #expect(elsewhere.code == 2001)
            #expect(fixture.backoffice.calls.isEmpty)
        }
    }

    /// A Set the back-office refused opens nothing: its later ActiveChargingProfile is refused.
    @Test func aRefusedSetPassesNoActiveProfile() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await Self.fixture(http, pool)
            defer { Task { await fixture.stop() } }
            fixture.backoffice.answer(.init(data: #"{"result": "REJECTED", "timeout": 0}"#))
            #expect(try await http.put(Self.url("S1"), token: fixture.emsp.token, Self.set(fixture.responseURL)).data?["result"]?.string == "REJECTED")
            #expect(try await http.put(Self.url("S1"), token: fixture.ownerToken, Self.active).code == 2001)
            #expect(fixture.results.calls.isEmpty)
        }
    }

    /// A response_url in the query keeps its own escapes; a request without a result in time relays nothing (the
    /// spec's results have no TIMEOUT).
    @Test func aQueryResponseURLIsKeptAsWrittenAndTimeoutsRelayNothing() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await Self.fixture(http, pool)
            defer { Task { await fixture.stop() } }
            let own = fixture.results.baseURL + "/emsp/cb/a%2Fb"
            let reply = try await http.send(.delete, Self.url("S1", query: "response_url=" + PercentEncoding.encode(own)), token: fixture.emsp.token)
            #expect(reply.data?["result"]?.string == "ACCEPTED", "\(reply.message)")
            let stored = try await pool.query(
                "SELECT response_url FROM commands WHERE country_code = \(fixture.tenant.countryCode) AND party_id = \(fixture.tenant.partyID)"
            ).first?.decode(0, as: String.self)
            #expect(stored == own)

            try await pool.query(
                "UPDATE commands SET timeout_at = now() - interval '1 second' WHERE country_code = \(fixture.tenant.countryCode) AND party_id = \(fixture.tenant.partyID)")
            try await CommandFixture.relay(pool) { try await fixture.commands().map(\.state) == ["timed_out"] }
            #expect(try await fixture.commands().map(\.relay) == ["none"])
            #expect(fixture.results.calls.isEmpty)
        }
    }

    /// With the back-office's Sessions endpoint in the link, an EMSP's charging preferences go there, and the
    /// back-office's answer is the EMSP's; one that cannot be reached makes it NOT_POSSIBLE.
    @Test func chargingPreferencesArePassedToTheBackoffice() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await Self.fixture(http, pool)
            defer { Task { await fixture.stop() } }
            try await pool.query(
                """
                UPDATE backoffice_links SET sessions_url = \(fixture.backoffice.baseURL + "/ocpi/cpo/2.2.1/sessions")
                 WHERE country_code = \(fixture.tenant.countryCode) AND party_id = \(fixture.tenant.partyID)
                """)
            fixture.backoffice.answer(.init(data: #""DEPARTURE_REQUIRED""#))
            let reply = try await http.put(ChargeURL.preferences("S1"), token: fixture.emsp.token, #"{"profile_type": "FAST", "energy_need": 20}"#)
            #expect(reply.data == .string("PROFILE_TYPE_NOT_SUPPORTED"), "the platform's own refusal comes first: \(reply.data ?? .null)")
            #expect(fixture.backoffice.calls.isEmpty)

            let passed = try await http.put(ChargeURL.preferences("S1"), token: fixture.emsp.token, #"{"profile_type": "REGULAR", "energy_need": 20}"#)
            #expect(passed.data == .string("DEPARTURE_REQUIRED"), "\(passed.data ?? .null)")
            let call = try #require(fixture.backoffice.calls.first)
            #expect(call.method == "PUT" && call.path == "/ocpi/cpo/2.2.1/sessions/S1/charging_preferences")
            #expect(call.json["profile_type"]?.string == "REGULAR" && call.json["energy_need"]?.number == 20)
            #expect(call.header("OCPI-to-party-id") == fixture.tenant.partyID)

            fixture.backoffice.answer(.init(status: .badGateway, code: 3000))
            let down = try await http.put(ChargeURL.preferences("S1"), token: fixture.emsp.token, #"{"profile_type": "REGULAR"}"#)
            #expect(down.data == .string("NOT_POSSIBLE"))
            #expect(down.message.contains("could not be reached"), "\(down.message)")
        }
    }
}
