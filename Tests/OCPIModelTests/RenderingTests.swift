import Foundation
import OCPIModel
import Testing
import TestSupport

/// 2.2.1 peers get Locations without the fields and enum values 2.3.0 added; 2.3.0 peers get everything. The same
/// renderer makes the stored documents every read and push sends.
@Suite struct RenderingTests {
    @Test func rendering2_2_1DropsEvery2_3_0Field() throws {
        let location = Sample.location()
        let rendered = try #require(location.rendered(for: .v2_2_1))
        #expect(rendered.parkingPlaces == nil)
        #expect(rendered.helpPhone == nil)
        #expect(rendered.evses?.allSatisfy { $0.parking == nil && $0.acceptedServiceProviders == nil } == true)
        #expect(rendered.evses?.flatMap(\.connectors).allSatisfy { $0.capabilities == nil } == true)

        let json = try Fixture.encode(rendered)
        for key in ["parking_places", "help_phone", "\"parking\"", "accepted_service_providers", "ISO_15118"] {
            #expect(!json.contains(key), "\(key) in 2.2.1 output")
        }
        for key in ["publish_allowed_to", "opening_times", "energy_mix", "status_schedule", "tariff_ids"] {
            #expect(json.contains(key), "\(key) missing from 2.2.1 output")
        }
    }

    @Test func rendering2_2_1KeepsEverythingElse() {
        var expected = Sample.location()
        expected.parkingPlaces = nil
        expected.helpPhone = nil
        for evse in expected.evses?.indices ?? 0..<0 {
            expected.evses?[evse].parking = nil
            expected.evses?[evse].acceptedServiceProviders = nil
            for connector in expected.evses?[evse].connectors.indices ?? 0..<0 {
                expected.evses?[evse].connectors[connector].capabilities = nil
            }
        }
        #expect(Sample.location().rendered(for: .v2_2_1) == expected)
        #expect(Sample.evse().rendered(for: .v2_2_1) == expected.evses?[0])
        #expect(Sample.connector().rendered(for: .v2_2_1) == expected.evses?[0].connectors[0])
    }

    /// 2.2.1's enums are closed: values stored through 2.3.0 are left out, or shown as OTHER where 2.2.1 has one.
    @Test func rendering2_2_1LeavesOutValues2_2_1Lacks() throws {
        var location = Sample.location()
        location.facilities = [.hotel, Facility(rawValue: "SOLAR_CANOPY")]
        location.parkingType = ParkingType(rawValue: "ROOFTOP")
        location.images = [Image(url: "https://x.example/a.png", category: ImageCategory(rawValue: "DRONE"), type: "png")]
        location.publishAllowedTo = [PublishTokenType(uid: "E1", type: TokenType(rawValue: "EMAID")), PublishTokenType(groupID: "G1")]
        var evse = try #require(location.evses?.first)
        evse.capabilities = [.rfidReader, Capability(rawValue: "ISO_15118_20_PLUG_AND_CHARGE")]
        var exotic = evse.connectors[0]
        exotic.id = "X"
        exotic.standard = ConnectorType(rawValue: "MCS")
        evse.connectors.append(exotic)
        var onlyExotic = evse
        onlyExotic.uid = "ONLY-EXOTIC"
        onlyExotic.connectors = [exotic]
        location.evses = [evse, onlyExotic]

        let rendered = try #require(location.rendered(for: .v2_2_1))
        #expect(rendered.facilities == [.hotel])
        #expect(rendered.parkingType == nil)
        #expect(rendered.images?.first?.category == ImageCategory(rawValue: "OTHER"))
        #expect(rendered.publishAllowedTo == [PublishTokenType(groupID: "G1")], "an entry left with nothing to match on is dropped")
        #expect(rendered.evses?.map(\.uid) == [evse.uid], "an EVSE with no 2.2.1 connector is left out")
        #expect(rendered.evses?.first?.connectors.map(\.id) == evse.connectors.dropLast().map(\.id))
        #expect(rendered.evses?.first?.capabilities == [.rfidReader])
        #expect(onlyExotic.rendered(for: .v2_2_1) == nil)
        #expect(exotic.rendered(for: .v2_2_1) == nil)
        #expect(location.rendered(for: .v2_3_0)?.evses?.count == 2)
    }

    @Test func rendering2_3_0IsIdentity() throws {
        let location = Sample.location()
        #expect(location.rendered(for: .v2_3_0) == location)
        var bare = location
        bare.evses = nil
        #expect(bare.rendered(for: .v2_3_0)?.evses == [], "a location without EVSEs lists none")
        #expect(try Fixture.encode(location.rendered(for: .v2_3_0)).contains("\"help_phone\":\"+31 20 123 4567\""))
    }

    @Test func encodingOmitsNilsAndKeepsEmptyLists() throws {
        var location = Sample.location()
        location.name = nil
        location.facilities = []
        let json = try JSONValue(json: Fixture.encode(location))
        #expect(json["name"] == nil)
        #expect(json["facilities"] == .array([]))
        #expect(json["suboperator"] == nil)
        #expect(json["coordinates"] == .object(["latitude": .string("52.370216"), "longitude": .string("4.895168")]))
    }

    /// To a 2.2.1 body, 2.3.0 fields are unknown fields: ignored, never a reason to refuse.
    @Test func a2_2_1BodyIgnores2_3_0Fields() throws {
        let body = Seed.withoutEVSEs + """
            , "help_phone": "this phone number is far too long for a CiString(25)", "parking_places": 7,
            "evses": [{"uid": "E1", "status": "AVAILABLE", "parking": [{"parking_id": "nowhere"}],
                       "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET",
                                       "power_type": "AC_3_PHASE", "max_voltage": 230, "max_amperage": 16,
                                       "capabilities": "ISO_15118_2_PLUG_AND_CHARGE"}]}]}
            """
        let location = try Fixture.location(body, Fixture.tenant(.v2_2_1))
        #expect(location.helpPhone == nil)
        #expect(location.parkingPlaces == nil)
        #expect(location.evses?[0].parking == nil)
        #expect(location.evses?[0].connectors[0].capabilities == nil)

        let error = refusal { () throws(ValidationError) in
            try Location(draft: Fixture.body(body), context: Fixture.tenant(.v2_3_0))
        }
        #expect(Set(error.fields) == [
            "parking_places", "help_phone", "evses[0].connectors[0].capabilities", "evses[0].parking[0].parking_id",
        ])
    }
}
