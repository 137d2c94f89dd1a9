import Foundation
import OCPIModel
import Testing

/// The CDR model: what each version accepts, how it is stored (2.3.0's shape), and what each version reads.
@Suite struct CDRModelTests {
    /// A full CDR builds in each version, and its rendering for that version is the body it came from.
    @Test(arguments: [VersionNumber.v2_2_1, .v2_3_0])
    func aFullCDRBuildsAndRoundTrips(version: VersionNumber) throws {
        let body = CDRSample.base(version)
        let cdr = try CDRSample.build(body, Fixture.strict(version))
        #expect(cdr.tariffs?.count == 1)
        #expect(cdr.signedData?.signedValues.map(\.nature) == ["Start", "End"])
        let rendered = try #require(cdr.rendered(for: version))
        #expect(try JSONValue(json: Fixture.encode(rendered)) == JSONValue(json: body))
        let stored = try Fixture.encode(cdr)
        #expect(try Fixture.decode(stored, as: CDR.self) == cdr)
        #expect(try CDRSample.build(stored, Fixture.strict(.v2_3_0)) == cdr, "the stored form is a valid 2.3.0 body")
        try cdr.validate(for: .v2_3_0)
    }

    /// 2.2.1's Prices are stored as 2.3.0's; its tariffs get tax_included NO, as a 2.2.1 Tariff PUT does.
    @Test func a221CDRIsStoredIn230Shape() throws {
        let cdr = try CDRSample.stored(.v2_2_1)
        #expect(cdr == (try CDRSample.stored(.v2_3_0)).withoutTaxDetails, "the same CDR, VAT as one unnamed-rate tax")
        #expect(cdr.totalCost.wire == .price230)
        #expect(cdr.tariffs?.first?.taxIncluded == .no)
        let stored = try JSONValue(json: Fixture.encode(cdr))
        #expect(stored["total_parking_cost"] == (try JSONValue(json: #"{"before_taxes": 1, "taxes": [{"name": "VAT", "amount": 0.21}]}"#)))
    }

    /// A 2.3.0 CDR read by a 2.2.1 peer: 2.2.1 Prices, tariffs as the Tariffs module shows them, a token type 2.2.1
    /// has, and the connector standard as it is.
    @Test func a230CDRRendersFor221() throws {
        var cdr = try CDRSample.stored()
        cdr.cdrToken.type = .emaid
        cdr.cdrLocation.connectorStandard = .saeJ3400
        cdr.tariffs?[0].taxIncluded = .yes
        let json = try JSONValue(json: Fixture.encode(try #require(cdr.rendered(for: .v2_2_1))))
        #expect(json["total_cost"] == (try JSONValue(json: #"{"excl_vat": 3.875, "incl_vat": 4.6888}"#)))
        #expect(json["total_time_cost"] == (try JSONValue(json: #"{"excl_vat": 0, "incl_vat": 0}"#)))
        #expect(json["cdr_token"]?["type"] == .string("OTHER"))
        #expect(json["cdr_location"]?["connector_standard"] == .string("SAE_J3400"), "a bill is not withheld for its plug's name")
        let tariff = try #require(json["tariffs"]?[0])
        #expect(tariff["tax_included"] == nil)
        #expect(tariff["max_price"] == (try JSONValue(json: #"{"excl_vat": 50, "incl_vat": 60.5}"#)))
        #expect(tariff["elements"]?[0]?["price_components"]?[0]?["price"] == .number(0.2066), "0.25 with 21 % VAT taken out")
        #expect(cdr.rendered(for: .v2_3_0) == cdr)
    }

    @Test func eachDraftHasItsTypesProperties() throws {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label).filter { $0 != "decodingIssues" } }
        let cdr = try CDRSample.stored()
        #expect(labels(CDRDraft()) == labels(cdr))
        #expect(labels(CdrLocationDraft()) == labels(cdr.cdrLocation))
    }

    @Test func requiredFields() {
        #expect(Set(CDRSample.refusal("{}").fields) == [
            "country_code", "party_id", "id", "start_date_time", "end_date_time", "cdr_token", "auth_method",
            "cdr_location", "currency", "charging_periods", "total_cost", "total_energy", "total_time", "last_updated",
        ])
        #expect(Set(CDRSample.refusal(#"{"cdr_location": {}}"#).fields).isSuperset(of: [
            "cdr_location.id", "cdr_location.address", "cdr_location.city", "cdr_location.country",
            "cdr_location.coordinates", "cdr_location.evse_uid", "cdr_location.evse_id", "cdr_location.connector_id",
            "cdr_location.connector_standard", "cdr_location.connector_format", "cdr_location.connector_power_type",
        ]))
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["charging_periods": "[]"])).rules(for: "charging_periods")
            == ["must list at least one ChargingPeriod"])
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["total_cost": #"{"taxes": []}"#])).fields
            == ["total_cost.before_taxes"], "a malformed cost is not also reported missing")
    }

    /// Every rule names its field, and all are reported at once.
    @Test func everyRuleIsReportedWithItsPath() {
        let body = CDRSample.body(.v2_3_0, [
            "id": #""\#(String(repeating: "c", count: 37))""#,
            "session_id": #""\#(String(repeating: "s", count: 37))""#, "currency": #""EURO""#,
            "remark": #""\#(String(repeating: "r", count: 256))""#, "total_energy": "-1", "total_time": "0.25",
            "total_parking_time": "0.5", "total_energy_cost": #"{"before_taxes": -2}"#,
            "invoice_reference_id": #""\#(String(repeating: "i", count: 40))""#,
            "cdr_location.address": #""\#(String(repeating: "a", count: 46))""#,
            "cdr_location.state": #""\#(String(repeating: "s", count: 21))""#,
            "cdr_location.country": #""NL""#, "cdr_location.coordinates": #"{"latitude": "91", "longitude": "4.9"}"#,
            "cdr_location.id": ##""#NA""##,
            "charging_periods": #"[{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "STATE_OF_CHARGE", "volume": 50}]}]"#,
            "signed_data": #"{"encoding_method": "", "signed_values": [], "url": "\#(String(repeating: "u", count: 513))"}"#,
            "tariffs": #"[{"country_code": "NL", "party_id": "TNM", "id": "T1", "currency": "EUR", "elements": [], "last_updated": "2024-05-01T00:00:00Z"}]"#,
        ])
        let error = CDRSample.refusal(body)
        #expect(Set(error.fields) == [
            "id", "session_id", "currency", "remark", "total_energy", "total_parking_time",
            "total_energy_cost.before_taxes", "invoice_reference_id",
            "cdr_location.address", "cdr_location.state", "cdr_location.country", "cdr_location.coordinates.latitude",
            "cdr_location.id", "charging_periods[0].dimensions[0].type",
            "signed_data.encoding_method", "signed_data.signed_values", "signed_data.url",
            "tariffs[0].elements", "tariffs[0].tax_included",
        ])
        #expect(error.rules(for: "id") == ["must be at most 36 characters (39 only for a credit CDR, to append to the original's id)"])
        #expect(error.rules(for: "cdr_location.address")
            == ["must be at most 45 characters (a CDR's address is string(45) in OCPI 2.2.1 and 2.3.0, shorter than a Location's)"])
        #expect(error.rules(for: "total_parking_time") == ["must not exceed total_time (parking time is part of it)"])
        #expect(error.rules(for: "charging_periods[0].dimensions[0].type")
            == ["is for Sessions only; a CDR's dimensions are ENERGY, MAX_CURRENT, MIN_CURRENT, MAX_POWER, MIN_POWER, PARKING_TIME, RESERVATION_TIME and TIME"])
    }

    /// A tenant's own CDR may leave out last_updated, its tariffs' too: they take the CDR's.
    @Test func lastUpdatedOfATenantsOwnCDR() throws {
        let tariff = SampleBodies.edit(CDRSample.tariff230, ["last_updated": nil])
        let body = CDRSample.body(.v2_3_0, ["last_updated": nil, "tariffs": "[\(tariff)]"])
        let cdr = try CDRSample.build(body, Fixture.tenant())
        #expect(cdr.lastUpdated == Fixture.now)
        #expect(cdr.tariffs?.first?.lastUpdated == Fixture.now)
        #expect(Set(CDRSample.refusal(body).fields) == ["last_updated", "tariffs[0].last_updated"])
    }

    @Test func aCDRDoesNotEndBeforeItStarts() {
        let body = CDRSample.body(.v2_3_0, ["end_date_time": #""2024-06-01T09:00:00Z""#])
        #expect(CDRSample.refusal(body).rules(for: "end_date_time") == ["must not be before start_date_time"])
    }

    /// The address and state limits are CdrLocation's own, the same in both versions.
    @Test(arguments: [VersionNumber.v2_2_1, .v2_3_0])
    func addressAndStateLimits(version: VersionNumber) {
        let fits = CDRSample.body(version, [
            "cdr_location.address": #""\#(String(repeating: "a", count: 45))""#,
            "cdr_location.state": #""\#(String(repeating: "s", count: 20))""#,
        ])
        #expect(CDRSample.refusal(fits, version) == nil)
        let long = CDRSample.body(version, [
            "cdr_location.address": #""\#(String(repeating: "a", count: 46))""#,
            "cdr_location.state": #""\#(String(repeating: "s", count: 21))""#,
        ])
        #expect(CDRSample.refusal(long, version).fields == ["cdr_location.address", "cdr_location.state"])
    }

    /// A credit CDR names the CDR it credits and carries its total_cost negated.
    @Test func creditCDRs() {
        let credit: [String: String?] = [
            "id": #""CDR-1-\#(String(repeating: "9", count: 31))-C""#, "credit": "true", "credit_reference_id": #""CDR-1""#,
            "total_cost": #"{"before_taxes": -3.875, "taxes": [{"name": "VAT", "percentage": 21, "amount": -0.8138}]}"#,
        ]
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, credit)) == nil, "a 39-character id is a credit CDR's")
        var unreferenced = credit
        unreferenced["credit_reference_id"] = nil
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, unreferenced)).rules(for: "credit_reference_id")
            == ["is required when credit is true (the id of the CDR this one credits)"])
        var positive = credit
        positive["total_cost"] = #"{"before_taxes": 3.875}"#
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, positive)).rules(for: "total_cost.before_taxes")
            == ["must not be positive in a credit CDR (it carries the original CDR's amounts negated)"])
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["credit_reference_id": #""CDR-0""#])).rules(for: "credit_reference_id")
            == ["may only be set when credit is true"])
        var itself = credit
        itself["credit_reference_id"] = credit["id"]!
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, itself)).rules(for: "credit_reference_id")
            == ["must be the id of the CDR being credited, not this CDR's own id"])
        let v221 = CDRSample.body(.v2_2_1, [
            "credit": "true", "credit_reference_id": #""CDR-0""#, "total_cost": #"{"excl_vat": -3.875, "incl_vat": -4.6888}"#,
        ])
        #expect(CDRSample.refusal(v221, .v2_2_1) == nil)
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["total_cost": #"{"before_taxes": -1}"#])).rules(for: "total_cost.before_taxes")
            == ["must not be negative"])
    }

    /// `#NA` for EVSE and connector only in the CDR of a reservation that never charged; evse_id may be `#NA` when
    /// the EVSE has no EVSE ID.
    @Test func notAvailableInTheLocation() {
        let reservation: [String: String?] = [
            "cdr_location.evse_uid": ##""#NA""##, "cdr_location.evse_id": ##""#NA""##, "cdr_location.connector_id": ##""#NA""##,
            "total_energy": "0", "total_time": "0.5", "total_parking_time": nil, "session_id": nil,
            "charging_periods": #"[{"start_date_time": "2024-06-01T10:00:00Z", "dimensions": [{"type": "RESERVATION_TIME", "volume": 0.5}]}]"#,
        ]
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, reservation)) == nil)
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["cdr_location.evse_uid": ##""#NA""##, "cdr_location.connector_id": ##""#NA""##])).fields
            == ["cdr_location.evse_uid", "cdr_location.connector_id"])
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["cdr_location.evse_id": ##""#NA""##])) == nil)
    }

    /// The spec allows 1970-01-01T00:00:00Z for a start or end that is truly unknown; it bounds nothing.
    @Test func unknownStartOrEnd() {
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["end_date_time": #""1970-01-01T00:00:00Z""#])) == nil)
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["start_date_time": #""1970-1-1T00:00:00Z""#])).fields
            == ["start_date_time"], "the spec's own spelling is not RFC 3339")
    }

    /// Signed data is kept exactly as received.
    @Test func signedDataIsKeptExactly() throws {
        let plain = #"OCMF|{\"FV\":\"1.0\",\"RD\":[{\"TM\":\"2024-06-01T10:00:00,000+0200 S\",\"RV\":  0.0 }]}"#
        let cdr = try CDRSample.build(CDRSample.body(.v2_3_0, [
            "signed_data": #"{"encoding_method": "OCMF", "signed_values": [{"nature": "Start", "plain_data": "\#(plain)", "signed_data": " A+/= "}]}"#,
        ]), Fixture.strict())
        let value = try #require(cdr.signedData?.signedValues.first)
        #expect(value.plainData == plain.replacingOccurrences(of: #"\""#, with: #"""#))
        #expect(value.signedData == " A+/= ")
        #expect(CDRSample.refusal(CDRSample.body(.v2_3_0, ["signed_data.encoding_method_version": "1.5"])).fields
            == ["signed_data.encoding_method_version"])
    }
}

extension CDR {
    /// This CDR as a 2.2.1 body would have given it: each cost's taxes as one "VAT" of their sum, without rate.
    var withoutTaxDetails: CDR {
        func plain(_ price: Price?) -> Price? {
            price.map { Price(beforeTaxes: $0.beforeTaxes, taxes: $0.afterTaxes == $0.beforeTaxes ? [] : [TaxAmount(name: "VAT", amount: $0.afterTaxes - $0.beforeTaxes)]) }
        }
        var copy = self
        copy.totalCost = plain(totalCost)!
        copy.totalFixedCost = plain(totalFixedCost)
        copy.totalEnergyCost = plain(totalEnergyCost)
        copy.totalTimeCost = plain(totalTimeCost)
        copy.totalParkingCost = plain(totalParkingCost)
        copy.totalReservationCost = plain(totalReservationCost)
        return copy
    }
}
