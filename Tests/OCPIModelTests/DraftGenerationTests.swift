import OCPIModel
import Testing

/// The drafts are generated from their types (Plugins/DraftGenerator): each has exactly its type's stored
/// properties, so a field added to a type is decoded from request bodies without being written twice.
@Suite struct DraftGenerationTests {
    static func labels(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label).filter { $0 != "decodingIssues" }
    }

    @Test func eachDraftHasItsTypesPropertiesInOrder() {
        #expect(Self.labels(LocationDraft()) == Self.labels(Sample.location()))
        #expect(Self.labels(EVSEDraft()) == Self.labels(Sample.evse()))
        #expect(Self.labels(ConnectorDraft()) == Self.labels(Sample.connector()))
    }

    @Test func nestedObjectsAreDraftsAndIntegersAreOCPIIntegers() throws {
        let draft: LocationDraft = try Fixture.body(#"{"evses": [{"uid": "E1", "connectors": [{"id": "1", "max_voltage": 230.5}]}]}"#)
        let connector = try #require(draft.evses?.first?.connectors?.first)
        #expect(connector.id == "1")
        #expect(connector.maxVoltage == nil)
        #expect(connector.decodingIssues.map(\.field) == ["max_voltage"], "a fraction is not an OCPI int")
    }
}
