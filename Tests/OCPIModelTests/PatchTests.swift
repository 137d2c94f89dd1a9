import Foundation
import OCPIModel
import Testing
import TestSupport

/// PATCH: only the fields present change; EVSEs merge by uid and Connectors by id (case-insensitively); parents'
/// last_updated move with their children's.
@Suite struct PatchTests {
    private let madrid: Location

    init() throws {
        madrid = try Fixture.location(Seed.madridLocation)
    }

    private func patch(
        _ json: String, _ context: ObjectContext = Fixture.strict()
    ) throws(ValidationError) -> Location {
        try madrid.patched(with: Fixture.body(json), context: context)
    }

    @Test func anEVSEStatusPatchInsideALocationMergesByUID() throws {
        let patched = try patch("""
            {"last_updated": "2024-06-01T12:00:00Z",
             "evses": [{"uid": "evse001", "status": "CHARGING"}]}
            """)
        let evse = try #require(patched.evses?.first)
        #expect(patched.evses?.count == 1)
        #expect(evse.uid == "EVSE001")
        #expect(evse.status == .charging)
        #expect(evse.connectors == madrid.evses?[0].connectors)
        #expect(evse.lastUpdated == Fixture.later)
        #expect(patched.lastUpdated == Fixture.later)
    }

    @Test func aLaterChildRaisesTheParentsLastUpdated() throws {
        let patched = try patch("""
            {"last_updated": "2024-03-01T00:00:00Z",
             "evses": [{"uid": "EVSE001", "last_updated": "2024-06-01T12:00:00Z",
                        "connectors": [{"id": "conn001", "tariff_ids": ["15"]}]}]}
            """)
        let connector = try #require(patched.evses?[0].connectors.first)
        #expect(connector.id == "CONN001")
        #expect(connector.tariffIDs == ["15"])
        #expect(connector.maxVoltage == 400)
        #expect(connector.lastUpdated == Fixture.later)
        #expect(patched.evses?[0].lastUpdated == Fixture.later)
        #expect(patched.lastUpdated == Fixture.later)
    }

    @Test func anUnknownUIDAddsANewEVSEBuiltFromItsDraft() throws {
        let patched = try patch("""
            {"last_updated": "2024-06-01T12:00:00Z",
             "evses": [{"uid": "EVSE002", "status": "PLANNED",
                        "connectors": [{"id": "1", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC",
                                        "max_voltage": 500, "max_amperage": 125}]}]}
            """)
        #expect(patched.evses?.map(\.uid) == ["EVSE001", "EVSE002"])
        #expect(patched.evses?[1].lastUpdated == Fixture.later)
        #expect(patched.evses?[1].connectors[0].lastUpdated == Fixture.later)
        #expect(patched.evses?[0] == madrid.evses?[0])
    }

    @Test func aNewEVSEInAPatchMustBeComplete() {
        let error = refusal { () throws(ValidationError) in
            try patch("""
                {"last_updated": "2024-06-01T12:00:00Z", "evses": [{"uid": "X"}, {"status": "AVAILABLE"}, {"uid": 3}]}
                """)
        }
        #expect(error.fields == ["evses[0].status", "evses[0].connectors", "evses[1].uid", "evses[2].uid"])
        #expect(error.rules(for: "evses[1].uid") == ["is required"])
        #expect(error.rules(for: "evses[2].uid") == ["must be a string"])
    }

    @Test func connectorsMergeByIDInAnEVSEPatch() throws {
        let evse = try #require(madrid.evses?.first)
        let patched = try evse.patched(
            with: Fixture.body("""
                {"connectors": [{"id": "Conn001", "max_amperage": 16, "last_updated": "2024-06-01T12:00:00Z"},
                                {"id": "CONN002", "standard": "IEC_62196_T2", "format": "CABLE",
                                 "power_type": "AC_1_PHASE", "max_voltage": 230, "max_amperage": 16}]}
                """),
            context: Fixture.tenant(now: Fixture.t2024))
        #expect(patched.connectors.map(\.id) == ["CONN001", "CONN002"])
        #expect(patched.connectors[0].maxAmperage == 16)
        #expect(patched.connectors[0].standard == .iec62196T2)
        #expect(patched.connectors[1].lastUpdated == Fixture.t2024)
        #expect(patched.lastUpdated == Fixture.later)
        #expect(madrid.upserting(patched).lastUpdated == Fixture.later)
    }

    @Test func aPatchWithoutLastUpdatedNeedsADefault() throws {
        let error = refusal { () throws(ValidationError) in try patch(Seed.namePatch) }
        #expect(error?.issues == [.init(field: "last_updated", rule: "is required in a PATCH")])
        #expect(error?.message == "last_updated is required in a PATCH")
        #expect(try patch(Seed.namePatch, Fixture.tenant()).lastUpdated == Fixture.now)
    }

    @Test func idsInAPatchMustMatchTheURL() throws {
        let error = refusal { () throws(ValidationError) in
            try patch(#"{"country_code": "NL", "party_id": "abc", "id": "L2", "last_updated": "2024-06-01T12:00:00Z"}"#)
        }
        #expect(error?.issues == [
            .init(field: "country_code", rule: "must match the URL"), .init(field: "id", rule: "must match the URL"),
        ])
        let sameIDs = try patch(#"{"country_code": "es", "id": "loc001", "last_updated": "2024-06-01T12:00:00Z"}"#)
        #expect(sameIDs.id == "LOC001")
        #expect(sameIDs.countryCode == "ES")

        let evse = try #require(madrid.evses?.first)
        let evseError = refusal { () throws(ValidationError) in
            try evse.patched(with: Fixture.body(#"{"uid": "OTHER", "status": "REMOVED"}"#), context: Fixture.tenant())
        }
        #expect(evseError?.issues == [.init(field: "uid", rule: "must match the URL")])
        let connectorError = refusal { () throws(ValidationError) in
            try evse.connectors[0].patched(with: Fixture.body(#"{"id": "2"}"#), context: Fixture.tenant())
        }
        #expect(connectorError?.issues == [.init(field: "id", rule: "must match the URL")])
    }

    @Test func thePatchedResultIsValidated() {
        let error = refusal { () throws(ValidationError) in
            try patch("""
                {"last_updated": "2024-06-01T12:00:00Z", "city": "\(String(repeating: "M", count: 46))",
                 "coordinates": {"latitude": "40.4", "longitude": "-200"},
                 "evses": [{"uid": "EVSE001", "status": "BROKEN",
                            "connectors": [{"id": "CONN001", "max_voltage": "high"}]}]}
                """)
        }
        #expect(Set(error.fields) == [
            "city", "coordinates.longitude", "evses[0].status", "evses[0].connectors[0].max_voltage",
        ])
    }

    @Test func nullOrAbsentFieldsAreUnchanged() throws {
        let patched = try patch(#"{"name": null, "postal_code": "28014", "last_updated": "2024-06-01T12:00:00Z"}"#)
        #expect(patched.name == "Madrid Premium Charging Hub")
        #expect(patched.postalCode == "28014")
        #expect(patched.coordinates == madrid.coordinates)
        #expect(patched.timeZone == "Europe/Madrid")
    }

    @Test func patchCoordinatesAreNormalised() throws {
        let patched = try patch("""
            {"coordinates": {"latitude": "40.42", "longitude": "-3.70"}, "last_updated": "2024-06-01T12:00:00Z"}
            """)
        #expect(patched.coordinates == GeoLocation(latitude: "40.420000", longitude: "-3.700000"))
    }

    @Test func upsertingReplacesOrAppendsAndRaisesLastUpdated() throws {
        var evse = try #require(madrid.evses?.first)
        evse.uid = "evse001"
        evse.status = .outOfOrder
        evse.lastUpdated = Fixture.later
        let replaced = madrid.upserting(evse)
        #expect(replaced.evses?.count == 1)
        #expect(replaced.evse(uid: "EVSE001")?.status == .outOfOrder)
        #expect(replaced.lastUpdated == Fixture.later)

        evse.uid = "EVSE002"
        evse.lastUpdated = Fixture.t2024
        let appended = replaced.upserting(evse)
        #expect(appended.evses?.map(\.uid) == ["evse001", "EVSE002"])
        #expect(appended.lastUpdated == Fixture.later)

        let connector = Sample.connector("conn001", at: Fixture.now)
        let withConnector = try #require(madrid.evses?.first).upserting(connector)
        #expect(withConnector.connectors.count == 1)
        #expect(withConnector.connector(id: "CONN001")?.maxVoltage == 230)
        #expect(withConnector.lastUpdated == Fixture.now)
    }
}
