import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// The price call's answer is written directly (`PricedSession.json(for:)`), not by JSONEncoder; it must say exactly
/// what the Encodable form says, in both versions' Price shapes.
@Suite struct PricedSessionJSONTests {
    static func parsed(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func encoded(_ session: PricedSession, _ version: VersionNumber) throws -> JSONValue {
        var copy = session
        for path in [\PricedSession.totalCost, \.totalFixedCost, \.totalEnergyCost, \.totalTimeCost, \.totalParkingCost, \.totalReservationCost] {
            copy[keyPath: path] = copy[keyPath: path].rendered(for: version)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try parsed(String(decoding: try encoder.encode(copy), as: UTF8.self))
    }

    @Test func theDirectJSONSaysWhatTheEncoderSays() throws {
        let priced = SessionBuilder("2026-01-05T08:30:00Z", zone: cet)
            .charging(minutes: 165, kWh: "18", [reading(.maxCurrent, "16")])
            .parking(minutes: 42)
            .priced(by: try tariff(ComplexTariffTests.json))
        for version in [VersionNumber.v2_2_1, .v2_3_0] {
            let direct = priced.json(for: version)
            #expect(try Self.parsed(direct) == (try Self.encoded(priced, version)), "\(version)")
        }
        let withZone = try Self.parsed(priced.json(for: .v2_3_0, extra: [("time_zone", "Europe/Berlin")]))
        #expect(withZone["time_zone"]?.string == "Europe/Berlin")
        #expect(withZone["total_cost"]?["before_taxes"]?.number == 9)
    }

    @Test func numbersAreWrittenInPlainNotation() throws {
        let part = PricedPart(kind: .period, cost: dec("-0.0005"), costBeforeTaxes: dec("1234567.89"), tax: dec("0.10"))
        var session = SessionBuilder("2026-01-05T08:30:00Z").priced(by: try tariff(ComplexTariffTests.json))
        session.breakdown = [part]
        session.totalEnergy = dec("120000")
        let json = session.json(for: .v2_3_0)
        #expect(json.contains(#""cost":-0.0005"#), "\(json)")
        #expect(json.contains(#""cost_before_taxes":1234567.89"#))
        #expect(json.contains(#""tax":0.1"#))
        #expect(json.contains(#""total_energy":120000"#))
        #expect(try Self.parsed(json) == (try Self.encoded(session, .v2_3_0)))
    }
}
