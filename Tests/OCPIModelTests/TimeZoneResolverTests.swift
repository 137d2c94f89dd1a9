import Foundation
import OCPIModel
import Testing
import TestSupport

/// Deriving time_zone from the real tzdata `zone.tab`: the country's zone nearest to the Location.
@Suite struct TimeZoneResolverTests {
    @Test(arguments: [
        ("NLD", "52.370216", "4.895168", "Europe/Amsterdam"),
        ("ESP", "28.1", "-15.4", "Atlantic/Canary"),
        ("ESP", "40.4168", "-3.7038", "Europe/Madrid"),
        ("ESP", "35.89", "-5.32", "Africa/Ceuta"),
        ("USA", "34.0522", "-118.2437", "America/Los_Angeles"),
        ("USA", "40.7128", "-74.0060", "America/New_York"),
        ("BEL", "50.8503", "4.3517", "Europe/Brussels"),
        ("DEU", "52.520000", "13.405000", "Europe/Berlin"),
        ("deu", "53.5511", "9.9937", "Europe/Berlin"),
    ])
    func zonesFromTheRealZoneTab(country: String, latitude: String, longitude: String, zone: String) throws {
        try #require(!Fixture.zoneTab.isEmpty, "needs /usr/share/zoneinfo/zone.tab")
        #expect(Fixture.timeZones.zone(countryAlpha3: country, latitude: latitude, longitude: longitude) == zone)
    }

    /// The zone a person there would name. A zone that covers only an exclave (Büsingen, Ceuta and Melilla,
    /// Kaliningrad) is given to the exclave and never to the mainland, although its city is the mainland's nearest.
    @Test(arguments: [
        ("DEU", "48.137", "11.575", "Europe/Berlin"),  // Munich
        ("DEU", "48.776", "9.183", "Europe/Berlin"),  // Stuttgart
        ("DEU", "47.999", "7.842", "Europe/Berlin"),  // Freiburg
        ("DEU", "47.697", "8.755", "Europe/Berlin"),  // Gailingen, Büsingen's German neighbour
        ("DEU", "47.6967", "8.6903", "Europe/Busingen"),  // Büsingen itself
        ("ESP", "40.417", "-3.704", "Europe/Madrid"),  // Madrid
        ("ESP", "41.385", "2.173", "Europe/Madrid"),  // Barcelona
        ("ESP", "37.389", "-5.984", "Europe/Madrid"),  // Seville
        ("ESP", "36.721", "-4.421", "Europe/Madrid"),  // Málaga
        ("ESP", "28.291", "-16.629", "Atlantic/Canary"),  // Tenerife
        ("ESP", "35.292", "-2.938", "Africa/Ceuta"),  // Melilla
        ("PRT", "38.722", "-9.139", "Europe/Lisbon"),  // Lisbon
        ("PRT", "32.650", "-16.908", "Atlantic/Madeira"),  // Madeira
        ("PRT", "37.741", "-25.676", "Atlantic/Azores"),  // Ponta Delgada
        ("RUS", "57.819", "28.332", "Europe/Moscow"),  // Pskov
        ("RUS", "54.710", "20.452", "Europe/Kaliningrad"),  // Kaliningrad
        ("RUS", "54.631", "22.568", "Europe/Kaliningrad"),  // Nesterov, at the oblast's eastern edge
    ])
    func theZoneAPersonWouldName(country: String, latitude: String, longitude: String, zone: String) throws {
        try #require(!Fixture.zoneTab.isEmpty, "needs /usr/share/zoneinfo/zone.tab")
        #expect(Fixture.timeZones.zone(countryAlpha3: country, latitude: latitude, longitude: longitude) == zone)
    }

    /// Bouvet Island has an ISO 3166 code but no zone in zone.tab; XYZ is no country at all.
    @Test(arguments: ["BVT", "XYZ", ""])
    func aCountryWithoutZoneGivesNil(country: String) throws {
        try #require(!Fixture.zoneTab.isEmpty, "needs /usr/share/zoneinfo/zone.tab")
        #expect(Fixture.timeZones.zone(countryAlpha3: country, latitude: "-54.42", longitude: "3.35") == nil)
    }

    @Test func parsesBothCoordinateFormsAndSkipsCommentsAndBadRows() {
        let zoneTab = """
            # tzdata zone.tab excerpt
            #NL\t+5000+00500\tTest/Commented
            NL\t+0100+00100\tTest/Near
            NL\t+100000-0100000\tTest/Far\twith seconds
            NL\tgarbage\tTest/Broken
            AU\t-3352+15113\tAustralia/Sydney\tNew South Wales (most areas)
            AU\t-3157+11551\tAustralia/Perth\tWestern Australia (most areas)
            """
        let resolver = TimeZoneResolver(zoneTab: zoneTab)
        #expect(resolver.zone(countryAlpha3: "AUS", latitude: "-31.95", longitude: "115.86") == "Australia/Perth")
        #expect(resolver.zone(countryAlpha3: "AUS", latitude: "-33.87", longitude: "151.21") == "Australia/Sydney")
        #expect(resolver.zone(countryAlpha3: "AUS", latitude: "south", longitude: "151.21") == nil)
        // Degrees-minutes and degrees-minutes-seconds rows are both placed right: each wins next to itself.
        #expect(resolver.zone(countryAlpha3: "NLD", latitude: "1.0", longitude: "1.0") == "Test/Near")
        #expect(resolver.zone(countryAlpha3: "NLD", latitude: "9.9", longitude: "-9.9") == "Test/Far")
        // The commented row, right on this point, is not a zone; the broken row is never one either.
        #expect(resolver.zone(countryAlpha3: "NLD", latitude: "50.0", longitude: "5.0") == "Test/Far")
        #expect(resolver.zone(countryAlpha3: "NLD", latitude: "0.0", longitude: "0.0") == "Test/Near")
        #expect(resolver.zone(countryAlpha3: "BEL", latitude: "50.8", longitude: "4.3") == nil)
    }

    @Test func aSingleZoneCountryNeedsNoCoordinates() throws {
        try #require(!Fixture.zoneTab.isEmpty, "needs /usr/share/zoneinfo/zone.tab")
        #expect(Fixture.timeZones.zone(countryAlpha3: "BEL", latitude: "", longitude: "") == "Europe/Brussels")
    }

    @Test func aBodyWithoutTimeZoneIsRefusedWhenNoneCanBeDerived() {
        let body = Seed.basicLocation.replacingOccurrences(of: "DEU", with: "BVT")
        let derived = locationRefusal(body, Fixture.tenant())
        #expect(derived?.issues == [
            .init(field: "time_zone", rule: "is required (could not be derived from country BVT and coordinates)"),
        ])
        let strict = locationRefusal(Seed.basicLocation, Fixture.strict())
        #expect(strict?.issues == [.init(field: "time_zone", rule: "is required")])
    }

    @Test func aGivenTimeZoneWinsOverTheDerivedOne() throws {
        let body = Seed.withoutEVSEs + #", "time_zone": "Europe/Busingen"}"#
        #expect(try Fixture.location(body).timeZone == "Europe/Busingen")
    }
}
