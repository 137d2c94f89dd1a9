import Foundation
import OCPIModel
import Testing

/// What a client reads in `status_message`, and how decoding failures become issues with JSON paths.
@Suite struct ValidationErrorTests {
    private func issue(_ index: Int) -> ValidationError.Issue {
        .init(field: "f\(index)", rule: "is wrong")
    }

    @Test func messageJoinsUpToFiveIssues() {
        #expect(ValidationError(issues: [issue(1)]).message == "f1 is wrong")
        #expect(ValidationError(issues: (1...5).map(issue)).message
            == "f1 is wrong; f2 is wrong; f3 is wrong; f4 is wrong; f5 is wrong")
        #expect(ValidationError(issues: (1...8).map(issue)).message
            == "f1 is wrong; f2 is wrong; f3 is wrong; f4 is wrong; f5 is wrong (and 3 more)")
        #expect(ValidationError(issues: [.init(field: "", rule: "body must be an object")]).description
            == "body must be an object")
    }

    @Test func codeDefaultsTo2001() {
        #expect(ValidationError(issues: []).code.rawValue == 2001)
        #expect(ValidationError(issues: [], code: .unknownLocation).code.rawValue == 2003)
    }

    private func decodingError<T: Decodable>(_ json: String, as type: T.Type) -> ValidationError? {
        refusal { () throws(ValidationError) -> T in try Fixture.body(json) }
    }

    /// An EVSE body with `fields` added to its uid and status.
    private static func evse(_ fields: String) -> String {
        #"{"uid": "1", "status": "AVAILABLE", "last_updated": "2024-01-01T00:00:00Z", \#(fields)}"#
    }

    private static let connector = """
        {"id": "1", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC", "max_voltage": 230,
         "max_amperage": 1, "last_updated": "2024-01-01T00:00:00Z"}
        """

    @Test func keyNotFoundIsRequiredAtTheFullPath() {
        let second = Self.connector.replacingOccurrences(of: #""max_voltage": 230,"#, with: "")
        let json = Self.evse(#""connectors": [\#(Self.connector), \#(second)]"#)
        #expect(decodingError(json, as: EVSE.self)?.issues == [
            .init(field: "connectors[1].max_voltage", rule: "is required"),
        ])
    }

    @Test(arguments: [
        (#"{"uid": 1}"#, "uid", "must be a string"),
        (evse(#""connectors": {}"#), "connectors", "must be an array"),
        (evse(#""connectors": [], "coordinates": []"#), "coordinates", "must be an object"),
        (evse(#""connectors": [\#(connector.replacingOccurrences(of: "230", with: "true"))]"#),
         "connectors[0].max_voltage", "must be an integer"),
        (#"{"uid": "1", "status": "AVAILABLE", "connectors": [], "last_updated": 5}"#, "last_updated",
         "must be a string"),
        (#"{"uid": null}"#, "uid", "is required"),
    ])
    func typeMismatchesSayWhatIsExpected(json: String, field: String, rule: String) {
        #expect(decodingError(json, as: EVSE.self)?.issues == [.init(field: field, rule: rule)])
    }

    @Test func numbersAndBooleans() {
        #expect(decodingError(#"{"source": "SOLAR", "percentage": "60"}"#, as: EnergySource.self)?.issues
            == [.init(field: "percentage", rule: "must be a number")])
        #expect(decodingError(#"{"is_green_energy": 1}"#, as: EnergyMix.self)?.issues
            == [.init(field: "is_green_energy", rule: "must be a boolean")])
        let image = #"{"url": "u", "category": "OTHER", "type": "png", "width": 1.5}"#
        #expect(decodingError(image, as: Image.self)?.issues == [.init(field: "width", rule: "must be an integer")])
    }

    @Test func dataCorruptedKeepsItsDescription() {
        let period = #"{"period_begin": "2024-13-01T00:00:00Z", "period_end": "2024-01-01T00:00:00Z"}"#
        #expect(decodingError(period, as: ExceptionalPeriod.self)?.issues == [
            .init(
                field: "period_begin",
                rule: "'2024-13-01T00:00:00Z' is not an RFC 3339 date-time between 1900 and 9999, such as 2024-01-31T12:00:00Z"),
        ])
        #expect(decodingError("{", as: EVSE.self)?.issues.first?.field == "")
    }
}
