import Foundation
import OCPIModel
import Testing
import TestSupport

/// Building from request bodies: every issue of a body at once, with paths as the client wrote them.
@Suite struct DraftBuildTests {
    private func putRefusal(_ json: String, _ context: ObjectContext = Fixture.strict()) -> ValidationError? {
        locationRefusal(json, context)
    }

    @Test func anEmptyBodyReportsEveryRequiredField() {
        let error = putRefusal("{}")
        #expect(error.fields == [
            "country_code", "party_id", "id", "publish", "address", "city", "country", "coordinates", "time_zone",
            "last_updated",
        ])
        #expect(error?.issues.allSatisfy { $0.rule == "is required" } == true)
    }

    @Test func nestedRequiredFieldsCarryTheirPath() {
        let json = Seed.withoutEVSEs + #", "evses": [{"uid": "E2", "connectors": [{"id": "C1"}]}]}"#
        let error = putRefusal(json, Fixture.tenant())
        #expect(error.fields == [
            "evses[0].status", "evses[0].connectors[0].standard", "evses[0].connectors[0].format",
            "evses[0].connectors[0].power_type", "evses[0].connectors[0].max_voltage",
            "evses[0].connectors[0].max_amperage",
        ])
    }

    @Test func malformedFieldsAreAllReportedWithTheirPaths() {
        let json = """
            {"country_code": "NL", "party_id": "TNM", "id": "L1", "publish": "yes", "address": "A", "city": "C",
             "country": "NLD", "coordinates": "52.1,4.3", "time_zone": "Europe/Amsterdam",
             "last_updated": "yesterday", "images": [{"url": "https://x.example/a.png", "category": "OTHER"}],
             "evses": [{"uid": "E1", "status": "AVAILABLE", "last_updated": "2024-01-01T00:00:00Z",
                        "connectors": [{"id": "C1", "standard": "IEC_62196_T2", "format": "SOCKET",
                                        "power_type": "AC_3_PHASE", "max_voltage": "400", "max_amperage": 3.5,
                                        "tariff_ids": "T1", "last_updated": "2024-01-01T00:00:00Z"}]}]}
            """
        let error = putRefusal(json)
        #expect(error.rules(for: "publish") == ["must be a boolean"])
        #expect(error.rules(for: "coordinates") == ["must be an object"])
        #expect(error.rules(for: "last_updated")
            == ["'yesterday' is not an RFC 3339 date-time between 1900 and 9999, such as 2024-01-31T12:00:00Z"])
        #expect(error.rules(for: "images[0].type") == ["is required"])
        #expect(error.rules(for: "evses[0].connectors[0].max_voltage") == ["must be an integer"])
        #expect(error.rules(for: "evses[0].connectors[0].max_amperage") == ["must be an integer"])
        #expect(error.rules(for: "evses[0].connectors[0].tariff_ids") == ["must be an array"])
        #expect(error?.issues.count == 7)
    }

    @Test func aMissingOrMalformedFieldIsReportedOnce() {
        let json = """
            {"country_code": "NL", "party_id": 7, "id": "L1", "publish": true, "city": "C", "country": "NLD",
             "coordinates": {"latitude": "x", "longitude": "4.3"}, "time_zone": "Europe/Amsterdam",
             "last_updated": "2024-01-01T00:00:00Z"}
            """
        let error = putRefusal(json)
        #expect(error.rules(for: "party_id") == ["must be a string"])
        #expect(error.rules(for: "address") == ["is required"])
        #expect(error.rules(for: "coordinates.latitude")
            == ["must be a decimal number between -90 and 90, such as 52.520000"])
        #expect(error?.issues.count == 3)
    }

    @Test func unknownFieldsAreNeverARefusal() throws {
        let json = Seed.withoutEVSEs + """
            , "x_custom": {"a": [1]}, "payment_terminal": "yes",
            "evses": [{"uid": "E1", "status": "AVAILABLE", "future_field": 1, "last_updated": "2024-01-01T00:00:00Z",
                       "connectors": [{"id": "1", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC",
                                       "max_voltage": 500, "max_amperage": 125, "vendor": {},
                                       "last_updated": "2024-01-01T00:00:00Z"}]}]}
            """
        let location = try Fixture.location(json, Fixture.strict().withTimeZones())
        #expect(location.evses?.first?.connectors.first?.standard == .chademo)
    }

    @Test func idsAreKeptExactlyAsWritten() throws {
        let json = Seed.madridLocation.replacingOccurrences(of: "\"LOC001\"", with: "\"Loc-001.a\"")
            .replacingOccurrences(of: "\"uid\": \"EVSE001\"", with: "\"uid\": \"eVsE-01\"")
            .replacingOccurrences(of: "\"CONN001\"", with: "\"c1\"")
        let location = try Fixture.location(json)
        #expect(location.id == "Loc-001.a")
        #expect(location.evses?[0].uid == "eVsE-01")
        #expect(location.evses?[0].connectors[0].id == "c1")
    }

    @Test func evseAndConnectorBuildFromTheirOwnBodies() throws {
        let body = """
            {"uid": "E9", "status": "PLANNED", "coordinates": {"latitude": "52.1", "longitude": "4.3"},
             "connectors": [{"id": "1", "standard": "IEC_62196_T2_COMBO", "format": "CABLE", "power_type": "DC",
                             "max_voltage": 920, "max_amperage": 400, "max_electric_power": 150000}]}
            """
        let evse = try EVSE(draft: Fixture.decode(body), context: Fixture.tenant())
        #expect(evse.coordinates == GeoLocation(latitude: "52.100000", longitude: "4.300000"))
        #expect(evse.lastUpdated == Fixture.now)
        #expect(evse.connectors[0].maxElectricPower == 150000)

        let connectorError = refusal { () throws(ValidationError) in
            try Connector(draft: Fixture.body(#"{"id": "1", "standard": "X"}"#), context: Fixture.strict(.v2_2_1))
        }
        #expect(connectorError.fields == [
            "format", "power_type", "max_voltage", "max_amperage", "last_updated", "standard",
        ])
    }
}

extension ObjectContext {
    func withTimeZones() -> ObjectContext {
        var copy = self
        copy.timeZones = Fixture.timeZones
        return copy
    }
}
