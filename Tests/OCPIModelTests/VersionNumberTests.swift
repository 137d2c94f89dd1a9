@testable import OCPIModel
import Testing

/// Versions order numerically, part by part, so that a peer's list picks the newest one both sides speak.
struct VersionNumberTests {
    @Test(arguments: [
        ("2.2.1", "2.3.0"), ("2.1.1", "2.2.1"), ("2.9", "2.10"), ("2.2", "2.2.1"), ("x.1", "0.1"), ("2.2.1", "3"),
        ("2..1", "2.2"),
    ])
    func ordersNumericallyPartByPart(_ lower: String, _ higher: String) {
        #expect(VersionNumber(rawValue: lower) < VersionNumber(rawValue: higher))
        #expect(!(VersionNumber(rawValue: higher) < VersionNumber(rawValue: lower)))
    }

    @Test func equalVersionsAreNotOrdered() {
        #expect(!(VersionNumber.v2_3_0 < .v2_3_0))
        #expect(VersionNumber.v2_3_0 >= .v2_3_0)
        #expect(VersionNumber(rawValue: "2.2.1") == .v2_2_1)
    }

    @Test func unparsablePartsSortFirst() {
        #expect(VersionNumber(rawValue: "2.beta") < VersionNumber(rawValue: "2.0"))
        #expect([VersionNumber(rawValue: "2.3.0"), .v2_1_1, .v2_2_1].sorted() == [.v2_1_1, .v2_2_1, .v2_3_0])
    }
}
