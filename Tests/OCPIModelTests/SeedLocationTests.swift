import Foundation
import OCPIModel
import Testing
import TestSupport

/// The seed tutorial's bodies are what real tenants send: they must be accepted as they are.
@Suite struct SeedLocationTests {
    @Test func basicLocationBuildsWithNormalisedCoordinatesAndDerivedTimeZone() throws {
        let location = try Fixture.location(Seed.basicLocation)
        #expect(location.countryCode == "DE")
        #expect(location.partyID == "ABC")
        #expect(location.id == "LOC001")
        #expect(location.publish)
        #expect(location.name == "Berlin Central Charging Station")
        #expect(location.address == "Unter den Linden 1")
        #expect(location.city == "Berlin")
        #expect(location.postalCode == "10117")
        #expect(location.country == "DEU")
        #expect(location.coordinates == GeoLocation(latitude: "52.520000", longitude: "13.405000"))
        #expect(location.timeZone == "Europe/Berlin")
        #expect(location.evses == [])
        #expect(location.lastUpdated == Fixture.t2024)
    }

    @Test func madridLocationBuildsWithItsEVSEAndConnector() throws {
        let location = try Fixture.location(Seed.madridLocation)
        #expect(location.timeZone == "Europe/Madrid")
        #expect(location.address == "Gran Vía 1")
        #expect(location.coordinates == GeoLocation(latitude: "40.416800", longitude: "-3.703800"))
        let evse = try #require(location.evses?.first)
        #expect(location.evses?.count == 1)
        #expect(evse.uid == "EVSE001")
        #expect(evse.evseID == "EVSE001")
        #expect(evse.status == .available)
        #expect(evse.capabilities == [.creditCardPayable])
        #expect(evse.lastUpdated == Fixture.t2024)
        let connector = try #require(evse.connectors.first)
        #expect(connector.id == "CONN001")
        #expect(connector.standard == .iec62196T2)
        #expect(connector.format == .socket)
        #expect(connector.powerType == .ac3Phase)
        #expect(connector.maxVoltage == 400)
        #expect(connector.maxAmperage == 32)
        #expect(connector.maxElectricPower == 22000)
        #expect(connector.tariffIDs == ["TARIFF001"])
        #expect(connector.lastUpdated == Fixture.t2024)
    }

    @Test(arguments: [VersionNumber.v2_2_1, .v2_3_0])
    func seedBodiesAreValidInBothVersions(version: VersionNumber) throws {
        for body in [Seed.basicLocation, Seed.madridLocation, Seed.basicLocationWithExtras] {
            let location = try Fixture.location(body, Fixture.tenant(version))
            try location.validate(for: version)
        }
    }

    @Test func advancedFeaturesDecodeIntoTheirTypes() throws {
        let location = try Fixture.location(Seed.basicLocationWithExtras)
        let hours = try #require(location.openingTimes)
        #expect(!hours.twentyfourseven)
        #expect(hours.regularHours == [RegularHours(weekday: 1, periodBegin: "08:00", periodEnd: "22:00")])
        #expect(hours.exceptionalOpenings == [])
        #expect(hours.exceptionalClosings == [])
        let mix = try #require(location.energyMix)
        #expect(mix.isGreenEnergy)
        #expect(
            mix.energySources == [
                EnergySource(source: .solar, percentage: 60), EnergySource(source: .wind, percentage: 40),
            ])
        #expect(mix.environImpact == nil)
        #expect(mix.supplierName == "Green Energy Co")
        #expect(mix.energyProductName == "100% Renewable")
        #expect(location.images == [
            Image(
                url: "https://example.com/location.jpg", thumbnail: "https://example.com/location-thumb.jpg",
                category: .network, type: "jpeg", width: 1920, height: 1080),
        ])
    }

    /// Encoding gives back the client's body, field by field, plus what we derived: normalised coordinates and the
    /// time zone. Lists keep "absent" and "[]" apart.
    @Test func encodingRoundTripsTheBodyFieldByField() throws {
        for (body, zone) in [
            (Seed.madridLocation, "Europe/Madrid"), (Seed.basicLocationWithExtras, "Europe/Berlin"),
        ] {
            let location = try Fixture.location(body)
            let encoded = try JSONValue(json: Fixture.encode(location))
            var expected = try #require(try JSONValue(json: body).object)
            expected["time_zone"] = .string(zone)
            let coordinates = try #require(expected["coordinates"])
            expected["coordinates"] = .object([
                "latitude": .string(Self.sixDecimals(coordinates["latitude"])),
                "longitude": .string(Self.sixDecimals(coordinates["longitude"])),
            ])
            let fields = try #require(encoded.object)
            #expect(Set(fields.keys) == Set(expected.keys))
            for key in expected.keys.sorted() {
                #expect(fields[key] == expected[key], "field \(key)")
            }
        }
    }

    @Test func strictTypesRoundTripThroughJSON() throws {
        for body in [Seed.basicLocation, Seed.madridLocation, Seed.basicLocationWithExtras] {
            let location = try Fixture.location(body)
            let decoded = try Fixture.decode(Fixture.encode(location), as: Location.self)
            #expect(decoded == location)
        }
    }

    @Test func namePatchChangesOnlyTheName() throws {
        let location = try Fixture.location(Seed.madridLocation)
        let patched = try location.patched(with: Fixture.decode(Seed.namePatch), context: Fixture.tenant())
        #expect(patched.name == "Updated Location Name")
        #expect(patched.lastUpdated == Fixture.now)
        var expected = location
        expected.name = "Updated Location Name"
        expected.lastUpdated = Fixture.now
        #expect(patched == expected)
    }

    private static func sixDecimals(_ value: JSONValue?) -> String {
        guard case .string(let text) = value, let dot = text.firstIndex(of: ".") else { return "" }
        let decimals = text[text.index(after: dot)...]
        return text + String(repeating: "0", count: max(0, 6 - decimals.count))
    }
}
