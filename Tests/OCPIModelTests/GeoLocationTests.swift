import Foundation
import OCPIModel
import Testing
import TestSupport

/// Coordinates: any decimal number in range is accepted; values outside the spec's regex or length are rewritten
/// with exactly 6 decimals, values inside are kept as written.
@Suite struct GeoLocationTests {
    private func normalized(
        _ latitude: String, _ longitude: String = "4.895168"
    ) throws(ValidationError) -> GeoLocation {
        try GeoLocation(latitude: latitude, longitude: longitude).normalized()
    }

    @Test(arguments: [
        ("52.5200", "52.520000"), ("40.4168", "40.416800"), ("52", "52.000000"), ("+52.5", "52.500000"),
        ("052.5", "52.500000"), (".5", "0.500000"), ("-12.1234567", "-12.123457"), ("12.12345649", "12.123456"),
        ("-0.00000001", "0.000000"), ("89.99999996", "90.000000"), ("-90", "-90.000000"), ("1.", "1.000000"),
    ])
    func latitudesOutsideTheSpecFormAreRewritten(written: String, stored: String) throws {
        #expect(try normalized(written).latitude == stored)
    }

    @Test(arguments: ["50.770774", "52.12345", "52.1234567", "-9.1234567", "-90.00000", "0.00000"])
    func latitudesInTheSpecFormAreKeptAsWritten(written: String) throws {
        #expect(try normalized(written).latitude == written)
    }

    @Test(arguments: [("-126.104965", "-126.104965"), ("-3.7038", "-3.703800"), ("179.9999999", "179.9999999"),
                      ("-180", "-180.000000"), ("13.4050", "13.405000"), ("-126.1049655", "-126.104966")])
    func longitudes(written: String, stored: String) throws {
        #expect(try normalized("52.520000", written).longitude == stored)
    }

    @Test(arguments: [
        "90.0000001", "-90.5", "91", "123.5", "abc", "52,52", "5.2e1", "", "-", ".", " 52.5", "52.5 ", "--1",
    ])
    func latitudesThatAreNotNumbersInRangeAreRefused(written: String) {
        let error = refusal { () throws(ValidationError) in try normalized(written) }
        #expect(error?.issues == [
            .init(field: "latitude", rule: "must be a decimal number between -90 and 90, such as 52.520000"),
        ])
    }

    @Test(arguments: ["180.000001", "-181", "1000.5", "east"])
    func longitudesThatAreNotNumbersInRangeAreRefused(written: String) {
        let error = refusal { () throws(ValidationError) in try normalized("52.520000", written) }
        #expect(error.rules(for: "longitude") == ["must be a decimal number between -180 and 180, such as 52.520000"])
    }

    @Test func relatedLocationsAndEVSECoordinatesAreNormalisedToo() throws {
        let json = Seed.withoutEVSEs + """
            , "related_locations": [
                {"latitude": "52.52", "longitude": "13.4", "name": {"language": "de", "text": "Ein"}}],
            "evses": [{"uid": "E1", "status": "AVAILABLE", "coordinates": {"latitude": "52.5201", "longitude": "13.40"},
                       "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET",
                                       "power_type": "AC_3_PHASE", "max_voltage": 230, "max_amperage": 16}]}]}
            """
        let location = try Fixture.location(json)
        #expect(location.relatedLocations?[0].point == GeoLocation(latitude: "52.520000", longitude: "13.400000"))
        #expect(location.relatedLocations?[0].name == DisplayText(language: "de", text: "Ein"))
        #expect(location.evses?[0].coordinates == GeoLocation(latitude: "52.520100", longitude: "13.400000"))
    }

    @Test func badCoordinatesInABodyAreReportedWithTheirPaths() {
        let json = Seed.withoutEVSEs.replacingOccurrences(of: #""13.4050""#, with: #""13°24'""#) + """
            , "related_locations": [{"latitude": "95", "longitude": "13.4"}]}
            """
        let error = locationRefusal(json, Fixture.tenant())
        #expect(error.fields == ["coordinates.longitude", "related_locations[0].latitude", "time_zone"])
        #expect(error.rules(for: "time_zone")
            == ["is required (could not be derived from country DEU and coordinates)"])
    }
}
