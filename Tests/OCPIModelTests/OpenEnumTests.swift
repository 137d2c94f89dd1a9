import Foundation
import OCPIModel
import Testing
import TestSupport

/// Enums are open structs: decoding never fails; validation refuses unknown values on 2.2.1 always, and on 2.3.0
/// only for the enums 2.3.0 does not mark OpenEnum. Values 2.3.0 added are refused on 2.2.1.
@Suite struct OpenEnumTests {
    @Test func decodingNeverFailsOnAnUnknownValue() throws {
        let status = try Fixture.decode(#""EXPLODED""#, as: EVSEStatus.self)
        #expect(status.rawValue == "EXPLODED")
        #expect(!status.isKnown(in: .v2_3_0))
        #expect(try Fixture.encode(ConnectorType(rawValue: "ACME_PLUG")) == #""ACME_PLUG""#)
    }

    @Test func knownValuesAndTheir2_3_0Additions() {
        #expect(ConnectorType.known.count == 42)
        #expect(ConnectorType.addedIn2_3_0 == ["MCS", "SAE_J3400"])
        #expect(ParkingRestriction.addedIn2_3_0 == ["EMPLOYEES", "TAXIS", "TENANTS"])
        #expect(TokenType.addedIn2_3_0 == ["EMAID"])
        #expect(ConnectorType.mcs.isKnown(in: .v2_3_0))
        #expect(!ConnectorType.mcs.isKnown(in: .v2_2_1))
        #expect(ConnectorType.iec60309_2Single16.rawValue == "IEC_60309_2_single_16")
    }

    @Test func openEnumsOf2_3_0() {
        let open: [Bool] = [
            Capability.isOpenIn2_3_0, ConnectorCapability.isOpenIn2_3_0, ConnectorType.isOpenIn2_3_0,
            EnvironmentalImpactCategory.isOpenIn2_3_0, Facility.isOpenIn2_3_0, ImageCategory.isOpenIn2_3_0,
            ParkingRestriction.isOpenIn2_3_0, ParkingType.isOpenIn2_3_0, VehicleType.isOpenIn2_3_0,
            TokenType.isOpenIn2_3_0,
        ]
        let closed: [Bool] = [
            ConnectorFormat.isOpenIn2_3_0, EnergySourceCategory.isOpenIn2_3_0, EVSEPosition.isOpenIn2_3_0,
            EVSEStatus.isOpenIn2_3_0, ParkingDirection.isOpenIn2_3_0, PowerType.isOpenIn2_3_0,
        ]
        #expect(open.allSatisfy { $0 })
        #expect(closed.allSatisfy { !$0 })
    }

    @Test func unknownOpenEnumValuesAreKeptOn2_3_0AndRefusedOn2_2_1() throws {
        let change: (inout Location) -> Void = {
            $0.evses?[0].connectors[0].standard = ConnectorType(rawValue: "ACME_PLUG")
            $0.facilities = [Facility(rawValue: "BEACH")]
            $0.parkingType = ParkingType(rawValue: "ROOFTOP")
            $0.images?[0].category = ImageCategory(rawValue: "DRONE_SHOT")
            $0.evses?[0].capabilities = [Capability(rawValue: "SOLAR_ROOF")]
            $0.evses?[0].parkingRestrictions = [ParkingRestriction(rawValue: "VISITORS")]
            $0.energyMix?.environImpact?[0].category = EnvironmentalImpactCategory(rawValue: "PARTICULATES")
            $0.publishAllowedTo?[0].type = TokenType(rawValue: "NFC_TAG")
        }
        #expect(Sample.refusal(.v2_3_0, change) == nil)
        let error = Sample.refusal(.v2_2_1, change)
        #expect(error.fields.sorted() == [
            "energy_mix.environ_impact[0].category", "evses[0].capabilities[0]", "evses[0].connectors[0].standard",
            "evses[0].parking_restrictions[0]", "facilities[0]", "images[0].category", "parking_type",
            "publish_allowed_to[0].type",
        ])
        #expect(error.rules(for: "parking_type") == [
            "must be one of ALONG_MOTORWAY, ON_DRIVEWAY, ON_STREET, PARKING_GARAGE, PARKING_LOT, UNDERGROUND_GARAGE"
                + " in OCPI 2.2.1",
        ])
    }

    @Test func closedEnumsRefuseUnknownValuesInBothVersions() {
        for version in [VersionNumber.v2_2_1, .v2_3_0] {
            let error = Sample.refusal(version) {
                $0.evses?[0].status = EVSEStatus(rawValue: "BROKEN")
                $0.evses?[0].connectors[0].format = ConnectorFormat(rawValue: "PLUG")
                $0.evses?[0].connectors[0].powerType = PowerType(rawValue: "AC_4_PHASE")
                $0.evses?[0].statusSchedule?[0].status = EVSEStatus(rawValue: "available")
                $0.energyMix?.energySources?[0].source = EnergySourceCategory(rawValue: "PEAT")
            }
            #expect(error.rules(for: "evses[0].status") == [
                "must be one of AVAILABLE, BLOCKED, CHARGING, INOPERATIVE, OUTOFORDER, PLANNED, REMOVED, RESERVED,"
                    + " UNKNOWN in OCPI \(version)",
            ])
            #expect(error.fields.sorted() == [
                "energy_mix.energy_sources[0].source", "evses[0].connectors[0].format",
                "evses[0].connectors[0].power_type", "evses[0].status", "evses[0].status_schedule[0].status",
            ])
        }
    }

    @Test func closedEnumsOf2_3_0RefuseUnknownValues() {
        let error = Sample.refusal {
            $0.parkingPlaces?[0].direction = ParkingDirection(rawValue: "DIAGONAL")
            $0.evses?[0].parking?[0].evsePosition = EVSEPosition(rawValue: "ABOVE")
            $0.parkingPlaces?[0].vehicleTypes = [VehicleType(rawValue: "TRACTOR")]
        }
        #expect(error.fields == ["parking_places[0].direction", "evses[0].parking[0].evse_position"])
    }

    @Test func valuesAddedIn2_3_0AreRefusedOn2_2_1() {
        let change: (inout Location) -> Void = {
            $0.evses?[0].connectors[0].standard = .saeJ3400
            $0.evses?[1].connectors[1].standard = .mcs
            $0.evses?[0].parkingRestrictions = [.taxis, .employees, .tenants]
            $0.publishAllowedTo = [PublishTokenType(uid: "EMAID1", type: .emaid)]
        }
        #expect(Sample.refusal(.v2_3_0, change) == nil)
        let error = Sample.refusal(.v2_2_1, change)
        #expect(error.fields == [
            "publish_allowed_to[0].type", "evses[0].parking_restrictions[0]", "evses[0].parking_restrictions[1]",
            "evses[0].parking_restrictions[2]", "evses[0].connectors[0].standard", "evses[1].connectors[1].standard",
        ])
        #expect(error.rules(for: "evses[1].connectors[1].standard").first?.contains("MCS") == false)
    }

    @Test func anEmptyOpenEnumValueIsRefusedEvenOn2_3_0() {
        #expect(Sample.refusal { $0.facilities = [Facility(rawValue: "")] }.rules(for: "facilities[0]")
            == ["must be a non-empty string without control characters"])
    }

    @Test func unknownValuesInABodyAreReportedWithTheirPath() {
        let body = Seed.madridLocation.replacingOccurrences(of: "IEC_62196_T2", with: "MCS")
        #expect(locationRefusal(body, Fixture.tenant(.v2_3_0)) == nil)
        let error = locationRefusal(body, Fixture.tenant(.v2_2_1))
        #expect(error.fields == ["evses[0].connectors[0].standard"])
    }
}
