import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The Sessions module's own rules for the owner (the back-office), through HTTP on the real database. What every
/// module does alike the shared behaviour suite proves.
@Suite struct SessionsHTTPTests {
    /// PUT creates (201) and then replaces the whole session, charging periods included (200); GET reads what was
    /// stored, and the owner's list holds the tenant's own sessions only. Sessions are never deleted.
    @Test func aPutCreatesThenReplacesTheWholeSession() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let (other, otherToken) = try await Charge.tenantWithSite(http, pool)
            let emsp = TestDatabase.uniqueTenant()
            let first = [ChargeBodies.period("2024-06-01T10:00:00Z", energy: "5"), ChargeBodies.period("2024-06-01T10:30:00Z", energy: "3")]
            let created = try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: emsp, kwh: "8", periods: first))
            #expect(created.status == .created)
            #expect(created.code == 1000)
            #expect(created.data?["id"]?.string == "S1")
            #expect(Charge.periodStarts(created.data) == ["2024-06-01T10:00:00Z", "2024-06-01T10:30:00Z"])

            let replacement = ChargeBodies.session(
                tenant, "S1", token: emsp, status: "COMPLETED", kwh: "4", periods: [ChargeBodies.period("2024-06-01T10:05:00Z", energy: "4")],
                lastUpdated: "2024-06-01T11:00:00Z", extra: #", "end_date_time": "2024-06-01T11:00:00Z""#)
            let replaced = try await http.put(ChargeURL.session(tenant, "S1"), token: token, replacement)
            #expect(replaced.status == .ok)
            #expect(replaced.code == 1000)

            let stored = try await http.get(ChargeURL.session(tenant, "S1"), token: token)
            #expect(stored.status == .ok)
            #expect(stored.data?["status"]?.string == "COMPLETED")
            #expect(stored.data?["kwh"]?.number == 4)
            #expect(Charge.periodStarts(stored.data) == ["2024-06-01T10:05:00Z"], "a PUT replaces the periods, it does not append")
            #expect(stored.data?["cdr_token"]?["party_id"]?.string == emsp.partyID)
            #expect(stored.data?["country_code"]?.string == tenant.countryCode)

            #expect(try await http.put(ChargeURL.session(other, "S2"), token: otherToken, ChargeBodies.session(other, "S2", token: emsp)).status == .created)
            let list = try await http.get(ChargeURL.sessions(), token: token)
            #expect(list.status == .ok)
            #expect(Charge.ids(list) == ["S1"], "the owner lists its own tenant's sessions only")

            let delete = try await http.send(.delete, ChargeURL.session(tenant, "S1"), token: token)
            #expect(delete.status == .methodNotAllowed, "sessions are never deleted")
            #expect(try await http.get(ChargeURL.session(tenant, "S1"), token: token).status == .ok)
        }
    }

    /// Each PATCH appends the charging periods it carries after the stored ones, in order.
    @Test func patchesAppendChargingPeriodsInOrder() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let url = ChargeURL.session(tenant, "S1")
            let body = ChargeBodies.session(tenant, "S1", token: TestDatabase.uniqueTenant(), kwh: "5", periods: [ChargeBodies.period("2024-06-01T10:00:00Z", energy: "5")])
            #expect(try await http.put(url, token: token, body).status == .created)

            let once = try await http.patch(url, token: token, #"{"kwh": 7, "charging_periods": [\#(ChargeBodies.period("2024-06-01T10:15:00Z", energy: "2"))]}"#)
            #expect(once.status == .ok)
            #expect(once.code == 1000)
            #expect(Charge.periodStarts(once.data) == ["2024-06-01T10:00:00Z", "2024-06-01T10:15:00Z"])
            let two = [ChargeBodies.period("2024-06-01T10:30:00Z", energy: "1"), ChargeBodies.period("2024-06-01T10:45:00Z", energy: "1")]
            let twice = try await http.patch(url, token: token, #"{"kwh": 9, "charging_periods": [\#(two.joined(separator: ", "))]}"#)
            #expect(twice.status == .ok)

            let stored = try await http.get(url, token: token).data
            #expect(Charge.periodStarts(stored) == ["2024-06-01T10:00:00Z", "2024-06-01T10:15:00Z", "2024-06-01T10:30:00Z", "2024-06-01T10:45:00Z"],
                    "1 stored + 1 + 2 appended, in order")
            #expect(stored?["charging_periods"]?[1]?["dimensions"]?[0]?["volume"]?.number == 2)
            #expect(stored?["kwh"]?.number == 9)
        }
    }

    /// A PATCH of a session that was never PUT is refused with HTTP 404 and 2001 (OCPI has no "unknown session" code).
    @Test func aPatchOfAnUnknownSessionIs404() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let reply = try await http.patch(ChargeURL.session(tenant, "NOPE"), token: token, #"{"kwh": 1}"#)
            #expect(reply.status == .notFound)
            #expect(reply.code == 2001)
            #expect(reply.message.contains("NOPE"), "\(reply.message)")
            #expect(try await http.get(ChargeURL.session(tenant, "NOPE"), token: token).status == .notFound)
        }
    }

    /// An appended period must start strictly after the last stored one (a retried PATCH does not add it twice):
    /// one starting at or before it is refused with 2001 and nothing of that PATCH is kept.
    @Test func anAppendedPeriodMustStartAfterTheLastStoredOne() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let url = ChargeURL.session(tenant, "S1")
            let periods = [ChargeBodies.period("2024-06-01T10:00:00Z", energy: "5"), ChargeBodies.period("2024-06-01T10:30:00Z", energy: "1")]
            #expect(try await http.put(url, token: token, ChargeBodies.session(tenant, "S1", token: TestDatabase.uniqueTenant(), kwh: "6", periods: periods)).status == .created)
            let before = try await http.get(url, token: token).data

            for start in ["2024-06-01T10:30:00Z", "2024-06-01T10:20:00Z"] {
                let refused = try await http.patch(url, token: token, #"{"kwh": 8, "charging_periods": [\#(ChargeBodies.period(start, energy: "2"))]}"#)
                #expect(refused.code == 2001, "\(start)")
                #expect(refused.message.contains("charging_periods"), "\(start): \(refused.message)")
            }
            let after = try await http.get(url, token: token).data
            #expect(after == before, "a refused PATCH changes nothing, kwh included")
            #expect(Charge.periodStarts(after) == ["2024-06-01T10:00:00Z", "2024-06-01T10:30:00Z"])
        }
    }

    /// The owner may leave last_updated out of a PATCH: the platform stamps the time of the write.
    @Test func aPatchWithoutLastUpdatedIsStampedNow() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let url = ChargeURL.session(tenant, "S1")
            #expect(try await http.put(url, token: token, ChargeBodies.session(tenant, "S1", token: TestDatabase.uniqueTenant())).status == .created)
            let start = DateTime.now()
            let patched = try await http.patch(url, token: token, #"{"kwh": 1.5}"#)
            let end = DateTime.now()
            #expect(patched.status == .ok)
            let stamped = try #require(Loc.date(patched.data?["last_updated"]))
            #expect(stamped >= start && stamped <= end, "last_updated \(stamped) is not the time of the PATCH")
            #expect(Loc.date(try await http.get(url, token: token).data?["last_updated"]) == stamped)
        }
    }

    /// A PUT or PATCH whose last_updated is older than the stored one is refused (2001) and the stored session kept.
    @Test func staleWritesAreRefusedAndTheStoredSessionKept() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let url = ChargeURL.session(tenant, "S1")
            let emsp = TestDatabase.uniqueTenant()
            let current = ChargeBodies.session(tenant, "S1", token: emsp, kwh: "4", lastUpdated: "2024-06-01T10:30:00Z")
            #expect(try await http.put(url, token: token, current).status == .created)
            let before = try await http.get(url, token: token).data

            let stalePut = try await http.put(url, token: token, ChargeBodies.session(tenant, "S1", token: emsp, status: "COMPLETED", kwh: "9", lastUpdated: "2024-06-01T10:00:00Z"))
            #expect(stalePut.code == 2001)
            #expect(stalePut.message.contains("older than the stored"), "\(stalePut.message)")
            let stalePatch = try await http.patch(url, token: token, #"{"kwh": 9, "last_updated": "2024-06-01T10:29:59Z"}"#)
            #expect(stalePatch.code == 2001)
            #expect(stalePatch.message.contains("older than the stored"), "\(stalePatch.message)")
            #expect(try await http.get(url, token: token).data == before)
        }
    }

    /// location_id, evse_uid and connector_id name the tenant's own location, EVSE and connector; a refusal names
    /// the field, and stores nothing. Another tenant's location is no location of this one.
    @Test func aSessionNamesTheTenantsOwnLocationEVSEAndConnector() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let (other, otherToken) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(other, "ELSEWHERE"), token: otherToken, ChargeBodies.site(other, "ELSEWHERE")).status == .created)
            let emsp = TestDatabase.uniqueTenant()
            let cases: [(location: String, evse: String, connector: String, field: String)] = [
                ("NOPE", "E1", "1", "location_id"),
                ("ELSEWHERE", "E1", "1", "location_id"),
                ("LOC1", "E9", "1", "evse_uid"),
                ("LOC1", "E1", "9", "connector_id"),
            ]
            for (index, item) in cases.enumerated() {
                let id = "BAD\(index)"
                let body = ChargeBodies.session(tenant, id, token: emsp, location: item.location, evse: item.evse, connector: item.connector)
                let refused = try await http.put(ChargeURL.session(tenant, id), token: token, body)
                #expect(refused.code == 2001, "\(item)")
                #expect(refused.message.hasPrefix(item.field), "\(item): \(refused.message)")
                #expect(try await http.get(ChargeURL.session(tenant, id), token: token).status == .notFound)
            }
            let good = ChargeBodies.session(tenant, "S1", token: emsp, location: "loc1", evse: "e1")
            #expect(try await http.put(ChargeURL.session(tenant, "S1"), token: token, good).status == .created, "ids match case-insensitively")
            let moved = try await http.patch(ChargeURL.session(tenant, "S1"), token: token, #"{"evse_uid": "E9"}"#)
            #expect(moved.code == 2001, "a PATCH naming an EVSE is checked too")
            #expect(moved.message.hasPrefix("evse_uid"), "\(moved.message)")
        }
    }

    /// `#NA` in evse_uid and connector_id stands for a reservation not yet bound to an EVSE: accepted while the
    /// status is RESERVATION, refused for an ACTIVE session, and for evse_uid alone.
    @Test func notAvailableEVSEAndConnectorOnlyForAReservation() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let emsp = TestDatabase.uniqueTenant()
            let reservation = ChargeBodies.session(tenant, "R1", token: emsp, evse: "#NA", connector: "#NA", status: "RESERVATION")
            let reserved = try await http.put(ChargeURL.session(tenant, "R1"), token: token, reservation)
            #expect(reserved.status == .created)
            #expect(reserved.data?["evse_uid"]?.string == "#NA")

            let active = ChargeBodies.session(tenant, "A1", token: emsp, evse: "#NA", connector: "#NA", status: "ACTIVE")
            let refused = try await http.put(ChargeURL.session(tenant, "A1"), token: token, active)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("evse_uid"), "\(refused.message)")
            #expect(try await http.get(ChargeURL.session(tenant, "A1"), token: token).status == .notFound)

            let half = ChargeBodies.session(tenant, "R2", token: emsp, evse: "#NA", connector: "1", status: "RESERVATION")
            #expect(try await http.put(ChargeURL.session(tenant, "R2"), token: token, half).code == 2001)

            let started = try await http.patch(ChargeURL.session(tenant, "R1"), token: token, #"{"status": "ACTIVE"}"#)
            #expect(started.code == 2001, "a reservation that starts charging names its EVSE and connector")
        }
    }

    /// A session concerns the EMSP of its token: a write moving it to another token party is refused, PUT or PATCH.
    @Test func theTokenPartyOfAStoredSessionCannotChange() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let url = ChargeURL.session(tenant, "S1")
            let first = TestDatabase.uniqueTenant()
            let second = TestDatabase.uniqueTenant()
            #expect(try await http.put(url, token: token, ChargeBodies.session(tenant, "S1", token: first)).status == .created)

            let put = try await http.put(url, token: token, ChargeBodies.session(tenant, "S1", token: second, lastUpdated: "2024-06-01T10:10:00Z"))
            #expect(put.code == 2001)
            #expect(put.message.contains("cdr_token") && put.message.contains(second.description), "\(put.message)")
            let patch = try await http.patch(url, token: token, #"{"cdr_token": \#(ChargeBodies.token(second))}"#)
            #expect(patch.code == 2001)
            #expect(patch.message.contains("cdr_token"), "\(patch.message)")

            let stored = try await http.get(url, token: token).data
            #expect(stored?["cdr_token"]?["country_code"]?.string == first.countryCode)
            #expect(stored?["cdr_token"]?["party_id"]?.string == first.partyID)
            let sameParty = try await http.patch(url, token: token, #"{"cdr_token": \#(ChargeBodies.token(first, uid: "TOKEN-2"))}"#)
            #expect(sameParty.status == .ok, "another token of the same party is no move")
        }
    }

    /// Each version writes its own Price shape: 2.3.0's before_taxes in a 2.2.1 PUT is refused, and vice versa.
    @Test func totalCostMustBeInTheRequestVersionsShape() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let emsp = TestDatabase.uniqueTenant()
            let as230 = #", "total_cost": \#(ChargeBodies.price("2.5", vat: "0.525"))"#
            let as221 = #", "total_cost": \#(ChargeBodies.price("2.5", vat: "0.525", version: "2.2.1"))"#

            let in221 = try await http.put(ChargeURL.session(tenant, "S1", version: "2.2.1"), token: token, ChargeBodies.session(tenant, "S1", token: emsp, extra: as230))
            #expect(in221.code == 2001)
            #expect(in221.message.contains("total_cost.excl_vat"), "\(in221.message)")
            let in230 = try await http.put(ChargeURL.session(tenant, "S1"), token: token, ChargeBodies.session(tenant, "S1", token: emsp, extra: as221))
            #expect(in230.code == 2001)
            #expect(in230.message.contains("total_cost.before_taxes"), "\(in230.message)")
            #expect(try await http.get(ChargeURL.session(tenant, "S1"), token: token).status == .notFound)
        }
    }

    /// A session written through 2.2.1 reads in 2.3.0's shape (its VAT one tax named VAT) and back in 2.2.1's.
    @Test func aSessionWrittenIn221ReadsInBothShapes() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let body = ChargeBodies.session(
                tenant, "S1", token: TestDatabase.uniqueTenant(), kwh: "10",
                extra: #", "total_cost": \#(ChargeBodies.price("2.5", vat: "0.525", version: "2.2.1"))"#)
            let put = try await http.put(ChargeURL.session(tenant, "S1", version: "2.2.1"), token: token, body)
            #expect(put.status == .created)
            #expect(put.data?["total_cost"]?["incl_vat"]?.number == 3.025)

            let v230 = try await http.get(ChargeURL.session(tenant, "S1"), token: token).data?["total_cost"]
            #expect(v230?["before_taxes"]?.number == 2.5)
            #expect(v230?["taxes"]?[0]?["name"]?.string == "VAT")
            #expect(v230?["taxes"]?[0]?["amount"]?.number == 0.525)
            #expect(v230?["excl_vat"] == nil)
            let v221 = try await http.get(ChargeURL.session(tenant, "S1", version: "2.2.1"), token: token).data?["total_cost"]
            #expect(v221?["excl_vat"]?.number == 2.5)
            #expect(v221?["incl_vat"]?.number == 3.025)
            #expect(v221?["before_taxes"] == nil)
        }
    }
}
