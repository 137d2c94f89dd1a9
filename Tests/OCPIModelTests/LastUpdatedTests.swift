import Foundation
import OCPIModel
import Testing
import TestSupport

/// last_updated on PUT: required from peers, defaulted for a tenant's own pushes, and always at least the latest
/// child's.
@Suite struct LastUpdatedTests {
    private let withoutTimes = Seed.madridLocation.replacingOccurrences(
        of: #""last_updated": "2024-01-01T00:00:00Z""#, with: #""x_removed": 0"#)

    @Test func aPeerMustSendLastUpdatedOnEveryObject() {
        let error = locationRefusal(withoutTimes, Fixture.strict().withTimeZones())
        #expect(error?.issues == [
            .init(field: "last_updated", rule: "is required"),
            .init(field: "evses[0].last_updated", rule: "is required"),
            .init(field: "evses[0].connectors[0].last_updated", rule: "is required"),
        ])
    }

    @Test func aTenantsPushTakesTheDefaultEverywhere() throws {
        let location = try Fixture.location(withoutTimes)
        #expect(location.lastUpdated == Fixture.now)
        #expect(location.evses?[0].lastUpdated == Fixture.now)
        #expect(location.evses?[0].connectors[0].lastUpdated == Fixture.now)
    }

    @Test func childrenWithoutLastUpdatedTakeTheirParents() throws {
        var body = Seed.madridLocation
        for _ in 1...2 {  // the connector's, then the EVSE's; the Location's stays
            if let range = body.range(of: #""last_updated": "2024-01-01T00:00:00Z""#) {
                body.replaceSubrange(range, with: #""x": 0"#)
            }
        }
        let location = try Fixture.location(body)
        #expect(location.lastUpdated == Fixture.t2024)
        #expect(location.evses?[0].connectors[0].lastUpdated == location.evses?[0].lastUpdated)
        #expect(location.evses?[0].lastUpdated == Fixture.t2024)
    }

    @Test func aParentIsRaisedToItsLatestChild() throws {
        var body = Seed.madridLocation
        if let range = body.range(of: "2024-01-01T00:00:00Z") {
            body.replaceSubrange(range, with: "2024-06-01T12:00:00Z")  // the connector's
        }
        let location = try Fixture.location(body, Fixture.strict().withTimeZones())
        #expect(location.evses?[0].connectors[0].lastUpdated == Fixture.later)
        #expect(location.evses?[0].lastUpdated == Fixture.later)
        #expect(location.lastUpdated == Fixture.later)
    }

    @Test func millisecondsAreKept() throws {
        let body = Seed.basicLocation.replacingOccurrences(of: "2024-01-01T00:00:00Z", with: "2025-03-01T08:30:00.250")
        #expect(try Fixture.location(body, Fixture.strict().withTimeZones()).lastUpdated == Fixture.now)
    }
}
