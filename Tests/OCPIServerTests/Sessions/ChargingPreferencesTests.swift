import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The peer's `PUT /sessions/{session_id}/charging_preferences`: answered as the spec says and, when ACCEPTED,
/// kept in `session_charging_preferences`.
@Suite struct ChargingPreferencesTests {
    static let regular = #"{"profile_type": "REGULAR", "departure_time": "2024-06-01T18:00:00Z", "energy_need": 20.5}"#
    static let fast = #"{"profile_type": "FAST"}"#

    /// The stored preferences of a session: (profile_type, response) of each row.
    static func stored(_ pool: PGPool, _ tenant: TenantID, _ id: String) async throws -> [String] {
        try await pool.query(
            """
            SELECT (preferences ->> 'profile_type') || ' ' || response FROM session_charging_preferences
             WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND session_key = lower(\(id))
            """
        ).rows.map { try $0.decode(0, as: String.self) }
    }

    /// A tenant with its site (LOC1 listing REG), and an EMSP peer granted it.
    static func setUp(_ http: LocationsClient, _ pool: PGPool) async throws -> (tenant: TenantID, token: String, peer: (token: String, party: TenantID)) {
        let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["REG"])
        return (tenant, token, try await Loc.peerWithParty(pool, granted: [tenant]))
    }

    @Test func preferencesForARunningSessionAreAcceptedAndStored() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, peer) = try await Self.setUp(http, pool)
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: peer.party)).status == .created)

            let answer = try await http.put(ChargeURL.preferences("S1"), token: peer.token, Self.regular)
            #expect(answer.status == .ok)
            #expect(answer.code == 1000)
            #expect(answer.data?.string == "ACCEPTED")
            #expect(try await Self.stored(pool, tenant, "S1") == ["REGULAR ACCEPTED"])
            let energyNeed = try await pool.query(
                "SELECT (preferences ->> 'energy_need')::numeric::text FROM session_charging_preferences WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)"
            ).first?.decode(0, as: String.self)
            #expect(energyNeed == "20.5")
        }
    }

    /// An EVSE without CHARGING_PREFERENCES_CAPABLE: HTTP 404, status_code 2001 and NOT_POSSIBLE, as the spec says.
    @Test func anEVSEWithoutTheCapabilityAnswersNotPossibleWith404() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, peer) = try await Self.setUp(http, pool)
            #expect(try await http.put(ChargeURL.session(tenant, "S2"), token: token, ChargeBodies.session(tenant, "S2", token: peer.party, evse: "E2")).status == .created)

            let answer = try await http.put(ChargeURL.preferences("S2"), token: peer.token, Self.regular)
            #expect(answer.status == .notFound)
            #expect(answer.code == 2001)
            #expect(answer.data?.string == "NOT_POSSIBLE")
            #expect(answer.message.contains("CHARGING_PREFERENCES_CAPABLE"), "\(answer.message)")
            #expect(try await Self.stored(pool, tenant, "S2").isEmpty)
        }
    }

    /// A session that has ended cannot take preferences any more.
    @Test func aCompletedSessionAnswersNotPossible() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, peer) = try await Self.setUp(http, pool)
            let completed = ChargeBodies.session(tenant, "S1", token: peer.party, status: "COMPLETED", extra: #", "end_date_time": "2024-06-01T11:00:00Z""#)
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, completed).status == .created)

            let answer = try await http.put(ChargeURL.preferences("S1"), token: peer.token, Self.regular)
            #expect(answer.data?.string == "NOT_POSSIBLE")
            #expect(answer.message.contains("COMPLETED"), "\(answer.message)")
            #expect(try await Self.stored(pool, tenant, "S1").isEmpty)
        }
    }

    /// A profile other than REGULAR needs a PROFILE_<type> tariff among those the connector listed when the session
    /// started: a session started before the connector listed one does not get it.
    @Test func aProfileNeedsATariffOfThatProfileAtTheSessionsStart() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, peer) = try await Self.setUp(http, pool)
            #expect(try await http.put(Charge.tariff(tenant, "FAST"), token: token, ChargeBodies.tariff(tenant, "FAST", price: "0.45", type: "PROFILE_FAST")).status == .created)
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: peer.party)).status == .created)

            let unsupported = try await http.put(ChargeURL.preferences("S1"), token: peer.token, Self.fast)
            #expect(unsupported.data?.string == "PROFILE_TYPE_NOT_SUPPORTED")
            #expect(unsupported.message.contains("PROFILE_FAST"), "\(unsupported.message)")

            #expect(try await http.patch(Loc.owner(tenant, "LOC1", "E1", "1"), token: token, #"{"tariff_ids": ["REG", "FAST"]}"#).status == .ok)
            #expect(try await http.put(ChargeURL.session(tenant, "S2"), token: token, ChargeBodies.session(tenant, "S2", token: peer.party)).status == .created)
            let accepted = try await http.put(ChargeURL.preferences("S2"), token: peer.token, Self.fast)
            #expect(accepted.data?.string == "ACCEPTED")
            #expect(try await Self.stored(pool, tenant, "S2") == ["FAST ACCEPTED"])

            let stillUnsupported = try await http.put(ChargeURL.preferences("S1"), token: peer.token, Self.fast)
            #expect(stillUnsupported.data?.string == "PROFILE_TYPE_NOT_SUPPORTED", "S1 started when the connector listed REG only")
            #expect(try await Self.stored(pool, tenant, "S1").isEmpty)
        }
    }

    /// Another EMSP's session is unknown to a peer; preferences for it are neither answered nor stored.
    @Test func anotherEMSPsSessionIsUnknown() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, peer) = try await Self.setUp(http, pool)
            let other = try await Loc.peerWithParty(pool, granted: [tenant])
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: peer.party)).status == .created)

            let answer = try await http.put(ChargeURL.preferences("S1"), token: other.token, Self.regular)
            #expect(answer.status == .notFound)
            #expect(answer.data?.string == nil)
            #expect(try await http.put(ChargeURL.preferences("NOPE"), token: peer.token, Self.regular).status == .notFound)
            #expect(try await Self.stored(pool, tenant, "S1").isEmpty)
        }
    }

    /// A body without profile_type is refused with 2001 naming it.
    @Test func preferencesWithoutProfileTypeAreRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token, peer) = try await Self.setUp(http, pool)
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: peer.party)).status == .created)

            let refused = try await http.put(ChargeURL.preferences("S1"), token: peer.token, #"{"energy_need": 10}"#)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("profile_type"), "\(refused.message)")
            #expect(try await Self.stored(pool, tenant, "S1").isEmpty)
        }
    }
}
