import Foundation
import OCPIModel
import Testing

/// Session PATCH (the spec's rule): `charging_periods` in the body are added to the stored ones, every other field
/// present replaces the stored one, and the result is validated.
@Suite struct SessionPatchTests {
    private let session: Session

    init() throws {
        session = try SessionSample.stored()
    }

    private func patch(_ json: String, _ version: VersionNumber = .v2_3_0) throws(ValidationError) -> Session {
        try session.patched(with: Fixture.body(json), context: Fixture.strict(version))
    }

    private func patchRefusal(_ json: String, _ version: VersionNumber = .v2_3_0) -> ValidationError? {
        refusal { () throws(ValidationError) in try patch(json, version) }
    }

    @Test func chargingPeriodsAreAppended() throws {
        let patched = try patch("""
            {"kwh": 13, "last_updated": "2024-06-01T11:45:00Z", "end_date_time": "2024-06-01T11:45:00Z",
             "charging_periods": [{"start_date_time": "2024-06-01T11:30:00Z", "dimensions": [{"type": "PARKING_TIME", "volume": 0.25}]}]}
            """)
        #expect(patched.chargingPeriods?.count == 4)
        #expect(Array(patched.chargingPeriods?.prefix(3) ?? []) == session.chargingPeriods ?? [])
        #expect(patched.chargingPeriods?.last?.volume(of: .parkingTime) == Decimal(string: "0.25"))
        #expect(patched.kwh == 13)
        #expect(patched.lastUpdated == DateTime("2024-06-01T11:45:00Z"))
        #expect(patched.totalCost == session.totalCost, "fields not in the body are unchanged")
    }

    @Test func anEmptyOrMissingListLeavesThePeriodsAlone() throws {
        #expect(try patch(#"{"charging_periods": [], "last_updated": "2024-06-01T11:45:00Z"}"#).chargingPeriods == session.chargingPeriods)
        #expect(try patch(#"{"status": "INVALID", "last_updated": "2024-06-01T11:45:00Z"}"#).chargingPeriods == session.chargingPeriods)
    }

    /// Appended periods carry their index in the body, and follow the stored ones in time.
    @Test func appendedPeriodsAreCheckedAtTheirPlaceInTheBody() {
        let error = patchRefusal("""
            {"last_updated": "2024-06-01T11:45:00Z", "charging_periods": [
              {"start_date_time": "2024-06-01T11:00:00Z", "dimensions": [{"type": "TIME", "volume": 0.1}]},
              {"start_date_time": "2024-06-01T11:20:00Z", "dimensions": [{"type": "TIME", "volume": -1}]}]}
            """)
        #expect(error.fields == ["charging_periods[0].start_date_time", "charging_periods[1].dimensions[0].volume"])
        #expect(error.rules(for: "charging_periods[0].start_date_time")
            == ["must be after the last stored period's start (a PATCH appends periods, and sending one again must not add it twice)"])
    }

    /// A PATCH sent again (its answer was lost) must not append its period a second time.
    @Test func aPeriodAtTheLastStoredStartIsNotAppendedAgain() throws {
        let last = try #require(session.chargingPeriods?.last).startDateTime
        let error = patchRefusal("""
            {"last_updated": "2024-06-01T11:45:00Z", "charging_periods": [
              {"start_date_time": "\(last)", "dimensions": [{"type": "TIME", "volume": 0.1}]}]}
            """)
        #expect(error.fields == ["charging_periods[0].start_date_time"])
    }

    /// Moving the session's end before a stored period is refused on the field the body changed; moving its start
    /// (to when it became ACTIVE) is not.
    @Test func changedStartOrEndMustStillHoldTheStoredPeriods() throws {
        let error = patchRefusal(#"{"last_updated": "2024-06-01T11:45:00Z", "end_date_time": "2024-06-01T11:00:00Z"}"#)
        #expect(error.rules(for: "end_date_time") == ["must not be before the start of a stored charging period"])
        // start_date_time moves to when the session became ACTIVE, after stored (reservation) periods: allowed.
        #expect(try patch(#"{"last_updated": "2024-06-01T11:45:00Z", "start_date_time": "2024-06-01T10:10:00Z"}"#).chargingPeriods
            == session.chargingPeriods)
    }

    @Test func identityAndLastUpdated() throws {
        #expect(patchRefusal(#"{"kwh": 12}"#).rules(for: "last_updated") == ["is required in a PATCH"])
        let error = patchRefusal(#"{"country_code": "BE", "party_id": "XYZ", "id": "SES-2", "last_updated": "2024-06-01T11:45:00Z"}"#)
        #expect(Set(error.fields) == ["country_code", "party_id", "id"])
        #expect(error.rules(for: "id") == ["must match the URL"])
        let same = try patch(#"{"country_code": "nl", "party_id": "tnm", "id": "ses-1", "last_updated": "2024-06-01T11:45:00Z"}"#)
        #expect(same.id == "SES-1", "matched case-insensitively, kept as first written")
    }

    /// `cdr_token` is replaced whole, so it must be complete.
    @Test func theTokenIsReplacedWhole() throws {
        let patched = try patch("""
            {"last_updated": "2024-06-01T11:45:00Z",
             "cdr_token": {"country_code": "DE", "party_id": "ABC", "uid": "APP-1", "type": "APP_USER", "contract_id": "DE-ABC-C7"}}
            """)
        #expect(patched.cdrToken == CdrToken(countryCode: "DE", partyID: "ABC", uid: "APP-1", type: .appUser, contractID: "DE-ABC-C7"))
        #expect(patchRefusal(#"{"last_updated": "2024-06-01T11:45:00Z", "cdr_token": {"uid": "APP-1"}}"#).fields.sorted()
            == ["cdr_token.contract_id", "cdr_token.country_code", "cdr_token.party_id", "cdr_token.type"])
    }

    /// A 2.2.1 PATCH's total_cost is stored in 2.3.0's shape; 2.3.0's shape in a 2.2.1 PATCH is refused.
    @Test func a221CostPatchIsStoredIn230Shape() throws {
        let patched = try patch(#"{"total_cost": {"excl_vat": 5, "incl_vat": 6.05}, "last_updated": "2024-06-01T11:45:00Z"}"#, .v2_2_1)
        #expect(patched.totalCost == Price(beforeTaxes: 5, taxes: [TaxAmount(name: "VAT", amount: Decimal(string: "1.05")!)]))
        #expect(patched.totalCost?.wire == .price230)
        #expect(patchRefusal(#"{"total_cost": {"before_taxes": 5}, "last_updated": "2024-06-01T11:45:00Z"}"#, .v2_2_1)
            .fields == ["total_cost.excl_vat"])
    }

    /// A reservation becomes ACTIVE only with its EVSE and connector named.
    @Test func aReservationStartsChargingAtAKnownConnector() throws {
        let reservation = try SessionSample.build(SessionSample.body(.v2_3_0, [
            "status": #""RESERVATION""#, "kwh": "0", "evse_uid": ##""#NA""##, "connector_id": ##""#NA""##, "auth_method": #""COMMAND""#,
            "end_date_time": nil, "charging_periods": nil, "total_cost": nil,
        ]), Fixture.strict())
        let start = #""status": "ACTIVE", "auth_method": "WHITELIST", "last_updated": "2024-06-01T10:05:00Z""#
        let unassigned = refusal { () throws(ValidationError) in
            try reservation.patched(with: Fixture.body("{\(start)}"), context: Fixture.strict())
        }
        #expect(Set(unassigned.fields) == ["evse_uid", "connector_id"])
        let active = try reservation.patched(with: Fixture.body(#"{\#(start), "evse_uid": "EVSE-2", "connector_id": "2"}"#), context: Fixture.strict())
        #expect(active.status == .active && active.evseUID == "EVSE-2" && active.authMethod == .whitelist)
    }
}
