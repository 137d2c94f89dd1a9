import Foundation
import OCPIModel
import Testing

/// The Session model: what each version accepts, how it is stored (2.3.0's shape), and what each version reads.
@Suite struct SessionModelTests {
    /// A full session builds in each version, and its rendering for that version is the body it came from.
    @Test(arguments: [VersionNumber.v2_2_1, .v2_3_0])
    func aFullSessionBuildsAndRoundTrips(version: VersionNumber) throws {
        let body = SessionSample.base(version)
        let session = try SessionSample.build(body, Fixture.strict(version))
        #expect(session.chargingPeriods?.count == 3)
        #expect(session.cdrToken == CdrToken(countryCode: "DE", partyID: "ABC", uid: "012345678", type: .rfid, contractID: "DE-ABC-C12345678-X"))
        let rendered = try #require(session.rendered(for: version))
        #expect(try JSONValue(json: Fixture.encode(rendered)) == JSONValue(json: body))
        // The stored form decodes to the same Session and is itself a valid 2.3.0 body.
        let stored = try Fixture.encode(session)
        #expect(try Fixture.decode(stored, as: Session.self) == session)
        #expect(try SessionSample.build(stored, Fixture.strict(.v2_3_0)) == session)
        try session.validate(for: .v2_3_0)
    }

    /// 2.2.1's Price (`excl_vat`, `incl_vat`) is stored as 2.3.0's (`before_taxes`, one tax named VAT).
    @Test func a221PriceIsStoredIn230Shape() throws {
        let session = try SessionSample.stored(.v2_2_1)
        #expect(session.totalCost == Price(beforeTaxes: Decimal(string: "4.6")!, taxes: [TaxAmount(name: "VAT", amount: Decimal(string: "0.966")!)]))
        let stored = try JSONValue(json: Fixture.encode(session))
        #expect(stored["total_cost"] == (try JSONValue(json: #"{"before_taxes": 4.6, "taxes": [{"name": "VAT", "amount": 0.966}]}"#)))
        let free = try SessionSample.build(SessionSample.body(.v2_2_1, ["total_cost": #"{"excl_vat": 0}"#]), Fixture.strict(.v2_2_1))
        #expect(free.totalCost == .zero, "no incl_vat: no tax")
    }

    /// A 2.3.0 session read by a 2.2.1 peer: 2.2.1's Price with every tax summed, and a token type 2.2.1 has.
    @Test func a230SessionRendersFor221() throws {
        var session = try SessionSample.stored()
        session.totalCost = Price(beforeTaxes: 10, taxes: [
            TaxAmount(name: "GST", percentage: 5, amount: Decimal(string: "0.5")!),
            TaxAmount(name: "QST", accountNumber: "1234567890TQ0001", percentage: Decimal(string: "9.975")!, amount: Decimal(string: "0.9975")!),
        ])
        session.cdrToken.type = .emaid
        let v221 = try #require(session.rendered(for: .v2_2_1))
        let json = try JSONValue(json: Fixture.encode(v221))
        #expect(json["total_cost"] == (try JSONValue(json: #"{"excl_vat": 10, "incl_vat": 11.4975}"#)))
        #expect(json["cdr_token"]?["type"] == .string("OTHER"), "2.2.1 has no EMAID")
        try v221.validate(for: .v2_2_1)
        #expect(session.rendered(for: .v2_3_0) == session)
        #expect(SessionSample.refusal(SessionSample.body(.v2_2_1, ["cdr_token.type": #""EMAID""#]), .v2_2_1)
            .rules(for: "cdr_token.type") == ["must be one of AD_HOC_USER, APP_USER, OTHER, RFID in OCPI 2.2.1"])
        #expect(SessionSample.refusal(SessionSample.body(.v2_3_0, ["cdr_token.type": #""NFC_WALLET""#])) == nil,
                "TokenType is an OpenEnum in 2.3.0")
    }

    @Test func requiredFieldsAndLastUpdated() throws {
        #expect(Set(SessionSample.refusal("{}").fields) == [
            "country_code", "party_id", "id", "start_date_time", "kwh", "cdr_token", "auth_method", "location_id",
            "evse_uid", "connector_id", "currency", "status", "last_updated",
        ])
        #expect(Set(SessionSample.refusal(#"{"cdr_token": {}}"#).fields).isSuperset(of: [
            "cdr_token.country_code", "cdr_token.party_id", "cdr_token.uid", "cdr_token.type", "cdr_token.contract_id",
        ]))
        let body = SessionSample.body(.v2_3_0, ["last_updated": nil])
        #expect(SessionSample.refusal(body).rules(for: "last_updated") == ["is required"])
        let session = try SessionSample.build(body, Fixture.tenant())
        #expect(session.lastUpdated == Fixture.now, "a tenant's own write takes the context's time")
    }

    /// Every rule names its field, and all are reported at once.
    @Test func everyRuleIsReportedWithItsPath() {
        let body = SessionSample.body(.v2_3_0, [
            "country_code": #""NLD""#, "party_id": #""T-M""#, "id": #""\#(String(repeating: "x", count: 37))""#,
            "kwh": "-1", "auth_method": #""BY_MAGIC""#,
            "authorization_reference": #""\#(String(repeating: "r", count: 37))""#, "location_id": ##""#NA""##,
            "meter_id": #""line\nbreak""#, "currency": #""eur""#, "status": #""RESERVED""#,
            "cdr_token.uid": #""""#, "cdr_token.country_code": #""1""#,
            "charging_periods": """
                [{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "TIME", "volume": -0.5}]},
                 {"start_date_time": "2024-06-01T10:30:00Z", "tariff_id": "",
                  "dimensions": [{"type": "ENERGY", "volume": 1}, {"type": "ENERGY", "volume": 2},
                                 {"type": "STATE_OF_CHARGE", "volume": 101}, {"type": "WATTS", "volume": 1}]},
                 {"start_date_time": "2024-06-01T10:20:00Z", "dimensions": []}]
                """,
            "total_cost": """
                {"before_taxes": -1, "taxes": [{"name": "", "percentage": 120, "amount": 2000000000}]}
                """,
        ])
        let error = SessionSample.refusal(body)
        #expect(Set(error.fields) == [
            "country_code", "party_id", "id", "kwh", "auth_method", "authorization_reference",
            "location_id", "meter_id", "currency", "status", "cdr_token.uid", "cdr_token.country_code",
            "charging_periods[0].dimensions[0].volume",
            "charging_periods[1].tariff_id", "charging_periods[1].dimensions[1].type",
            "charging_periods[1].dimensions[2].volume", "charging_periods[1].dimensions[3].type",
            "charging_periods[2].start_date_time", "charging_periods[2].dimensions",
            "total_cost.before_taxes", "total_cost.taxes[0].name", "total_cost.taxes[0].percentage",
            "total_cost.taxes[0].amount",
        ])
        #expect(error.rules(for: "currency") == ["must be an ISO 4217 currency code of three capital letters, such as EUR"])
        #expect(error.rules(for: "charging_periods[2].start_date_time")
            == ["must not be before the previous period's start (periods are listed in time order)"])
        #expect(error.rules(for: "total_cost.taxes[0].amount") == ["must be at most 1000000000"])
        #expect(error.rules(for: "charging_periods[0].dimensions[0].volume") == ["must not be negative for TIME"])
    }

    /// A session does not end before it starts, and a period may not start after its end. A period may start before
    /// `start_date_time`, which is when the session became ACTIVE: reservation time comes before it.
    @Test func periodsLieWithinTheSession() {
        let backwards = SessionSample.body(.v2_3_0, ["end_date_time": #""2024-06-01T09:00:00Z""#, "charging_periods": nil])
        #expect(SessionSample.refusal(backwards).rules(for: "end_date_time") == ["must not be before start_date_time"])
        let reserved = SessionSample.body(.v2_3_0, ["charging_periods": #"[{"start_date_time": "2024-06-01T09:00:00Z", "dimensions": [{"type": "RESERVATION_TIME", "volume": 1}]}]"#])
        #expect(SessionSample.refusal(reserved) == nil)
        let late = SessionSample.body(.v2_3_0, ["charging_periods": #"[{"start_date_time": "2024-06-01T12:00:00Z", "dimensions": [{"type": "TIME", "volume": 1}]}]"#])
        #expect(SessionSample.refusal(late).rules(for: "charging_periods[0].start_date_time") == ["must not be after the session's end_date_time"])
    }

    /// Each version's Price only: the other version's shape is refused, not guessed.
    @Test func theOtherVersionsPriceShapeIsRefused() {
        #expect(SessionSample.refusal(SessionSample.v221).rules(for: "total_cost.before_taxes")
            == ["is required (excl_vat and incl_vat are OCPI 2.2.1's)"])
        #expect(SessionSample.refusal(SessionSample.v230, .v2_2_1).rules(for: "total_cost.excl_vat")
            == ["is required (before_taxes and taxes are OCPI 2.3.0's)"])
        #expect(SessionSample.refusal(SessionSample.body(.v2_2_1, ["total_cost": #"{"incl_vat": 1}"#]), .v2_2_1).fields
            == ["total_cost.excl_vat"], "a 2.2.1 client hears of excl_vat")
        #expect(SessionSample.refusal(SessionSample.body(.v2_2_1, ["total_cost": #"{"excl_vat": 2, "incl_vat": 1}"#]), .v2_2_1)
            .rules(for: "total_cost.incl_vat") == ["must not be less than excl_vat"])
    }

    /// Energy, current and power flowing back to the grid are negative; nothing else is.
    @Test func v2gVolumesMayBeNegative() {
        let periods = """
            [{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [
              {"type": "ENERGY", "volume": -2}, {"type": "CURRENT", "volume": -16}, {"type": "MIN_CURRENT", "volume": -16},
              {"type": "MIN_POWER", "volume": -11}, {"type": "POWER", "volume": -11}, {"type": "ENERGY_EXPORT", "volume": 2}]}]
            """
        #expect(SessionSample.refusal(SessionSample.body(.v2_3_0, ["charging_periods": periods])) == nil)
        let negative = SessionSample.body(.v2_3_0, ["charging_periods": #"[{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "MAX_POWER", "volume": -1}, {"type": "ENERGY_EXPORT", "volume": -2}]}]"#])
        #expect(SessionSample.refusal(negative).fields == [
            "charging_periods[0].dimensions[0].volume", "charging_periods[0].dimensions[1].volume",
        ])
    }

    /// `#NA` stands for the EVSE and connector a reservation has not been given yet, and nowhere else.
    @Test func notAvailableOnlyForAReservation() {
        let reservation: [String: String?] = [
            "status": #""RESERVATION""#, "kwh": "0", "evse_uid": ##""#NA""##, "connector_id": ##""#NA""##,
            "end_date_time": nil, "charging_periods": nil, "total_cost": nil,
        ]
        #expect(SessionSample.refusal(SessionSample.body(.v2_3_0, reservation)) == nil)
        var expired = reservation
        expired["status"] = #""COMPLETED""#
        #expect(SessionSample.refusal(SessionSample.body(.v2_3_0, expired)) == nil, "a reservation that expired")
        var charging = reservation
        charging["status"] = #""ACTIVE""#
        #expect(SessionSample.refusal(SessionSample.body(.v2_3_0, charging)).rules(for: "evse_uid")
            == ["may be #NA only for a reservation (status RESERVATION), not for a session with status ACTIVE"])
        var charged = expired
        charged["kwh"] = "3"
        #expect(Set(SessionSample.refusal(SessionSample.body(.v2_3_0, charged)).fields) == ["evse_uid", "connector_id"])
        var halfAssigned = reservation
        halfAssigned["connector_id"] = #""1""#
        #expect(SessionSample.refusal(SessionSample.body(.v2_3_0, halfAssigned)).rules(for: "connector_id")
            == ["must be #NA when evse_uid is #NA (a connector belongs to an EVSE)"])
    }

    /// The drafts are generated from their types: a field added to Session, CdrToken or ChargingPreferences is read
    /// from bodies without being written twice.
    @Test func eachDraftHasItsTypesProperties() throws {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label).filter { $0 != "decodingIssues" } }
        let session = try SessionSample.stored()
        #expect(labels(SessionDraft()) == labels(session))
        #expect(labels(CdrTokenDraft()) == labels(session.cdrToken))
        #expect(labels(ChargingPreferencesDraft()) == labels(ChargingPreferences(profileType: .fast)))
    }

    @Test func chargingPreferences() throws {
        let context = Fixture.strict()
        let preferences = try ChargingPreferences(
            draft: Fixture.body(#"{"profile_type": "GREEN", "departure_time": "2024-06-01T18:00:00Z", "energy_need": 30, "discharge_allowed": true}"#),
            context: context)
        #expect(preferences == ChargingPreferences(profileType: .green, departureTime: DateTime("2024-06-01T18:00:00Z"), energyNeed: 30, dischargeAllowed: true))
        let error = refusal { () throws(ValidationError) in
            try ChargingPreferences(draft: Fixture.body(#"{"profile_type": "SLOW", "energy_need": -1}"#), context: context)
        }
        #expect(Set(error.fields) == ["profile_type", "energy_need"])
        #expect(refusal { () throws(ValidationError) in try ChargingPreferences(draft: Fixture.body("{}"), context: context) }
            .fields == ["profile_type"])
        #expect(ChargingPreferencesResponse(rawValue: "PROFILE_TYPE_NOT_SUPPORTED").isKnown(in: .v2_2_1))
    }
}
