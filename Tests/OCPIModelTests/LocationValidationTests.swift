import Foundation
import OCPIModel
import Testing

/// The Location's own rules, each refused with the path of the offending field.
@Suite struct LocationValidationTests {
    @Test(arguments: [VersionNumber.v2_2_1, .v2_3_0])
    func theSampleIsValid(version: VersionNumber) throws {
        try Sample.location().validate(for: version)
    }

    @Test func countryCodeAndPartyIDHaveTheirShapes() {
        let error = Sample.refusal {
            $0.countryCode = "NLD"
            $0.partyID = "T-M"
        }
        #expect(error.rules(for: "country_code") == ["must be an ISO 3166-1 alpha-2 country code of 2 letters"])
        #expect(error.rules(for: "party_id") == ["must be 3 letters or digits"])
    }

    @Test func idIsAShortPrintableASCIICiString() {
        #expect(Sample.refusal { $0.id = String(repeating: "x", count: 37) }.rules(for: "id")
            == ["must be at most 36 characters"])
        let ascii = "must contain printable ASCII characters only"
        #expect(Sample.refusal { $0.id = "LOC\t1" }.rules(for: "id") == [ascii])
        #expect(Sample.refusal { $0.id = "Lé" }.rules(for: "id") == [ascii])
        #expect(Sample.refusal { $0.id = "" }.rules(for: "id") == ["must not be empty"])
        #expect(Sample.refusal { $0.id = String(repeating: "x", count: 36) } == nil)
    }

    /// address and state use the corrected lengths of 2.2.1-d2 and 2.3.0-ed2 (255 and 45, not 45 and 20), counted
    /// in characters, not bytes.
    @Test func stringLengthsFollowTheCorrectedSpec() {
        #expect(Sample.refusal { $0.address = String(repeating: "é", count: 255) } == nil)
        #expect(Sample.refusal { $0.state = String(repeating: "s", count: 45) } == nil)
        let error = Sample.refusal {
            $0.name = String(repeating: "n", count: 256)
            $0.address = String(repeating: "a", count: 256)
            $0.city = String(repeating: "c", count: 46)
            $0.postalCode = "12345678901"
            $0.state = String(repeating: "s", count: 46)
        }
        #expect(error.rules(for: "name") == ["must be at most 255 characters"])
        #expect(error.rules(for: "address") == ["must be at most 255 characters"])
        #expect(error.rules(for: "city") == ["must be at most 45 characters"])
        #expect(error.rules(for: "postal_code") == ["must be at most 10 characters"])
        #expect(error.rules(for: "state") == ["must be at most 45 characters"])
    }

    @Test func stringsRefuseControlCharacters() {
        let error = Sample.refusal { $0.name = "Line\nbreak" }
        #expect(error.rules(for: "name") == ["must not contain control characters (such as line breaks or tabs)"])
    }

    @Test(arguments: ["NL", "XYZ", "nld", "NLDX"])
    func countryIsAKnownAlpha3Code(country: String) {
        #expect(Sample.refusal { $0.country = country }.rules(for: "country")
            == ["must be an ISO 3166-1 alpha-3 country code such as DEU"])
    }

    @Test func publishAllowedToOnlyWhenNotPublished() {
        #expect(Sample.refusal { $0.publish = true }.rules(for: "publish_allowed_to")
            == ["may only be used when publish is false"])
        #expect(Sample.refusal {
            $0.publish = true
            $0.publishAllowedTo = []
        } == nil)
    }

    @Test func publishTokenTypeNeedsItsCompanionFields() {
        let error = Sample.refusal {
            $0.publishAllowedTo = [
                PublishTokenType(), PublishTokenType(uid: "123"), PublishTokenType(visualNumber: "NL-TNM-1"),
                PublishTokenType(groupID: "G1"),
            ]
        }
        #expect(error.rules(for: "publish_allowed_to[0]")
            == ["must set at least one of uid, visual_number or group_id"])
        #expect(error.rules(for: "publish_allowed_to[1].type") == ["is required when uid is set"])
        #expect(error.rules(for: "publish_allowed_to[2].issuer") == ["is required when visual_number is set"])
        #expect(error?.issues.count == 3)
    }

    @Test(arguments: ["Berlin", "Europe/", "/Berlin", "Europe/Ber lin", "Europe/Berlin\n", "Europe//Berlin", ""])
    func timeZoneLooksLikeAnIANAName(zone: String) {
        #expect(Sample.refusal { $0.timeZone = zone }.rules(for: "time_zone")
            .contains("must be an IANA time zone name such as Europe/Berlin"))
    }

    @Test(arguments: ["Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+1", "America/Port-au-Prince"])
    func wellFormedTimeZonesAreAccepted(zone: String) {
        #expect(Sample.refusal { $0.timeZone = zone } == nil)
    }

    @Test func coordinatesAreCheckedStrictlyOnTheStoredForm() {
        let error = Sample.refusal {
            $0.coordinates = GeoLocation(latitude: "52.52", longitude: "181.000000")
            $0.relatedLocations?[0].latitude = "north"
        }
        #expect(error.rules(for: "coordinates.latitude")
            == [#"must match -?[0-9]{1,2}\.[0-9]{5,7} in at most 10 characters"#])
        #expect(error.rules(for: "coordinates.longitude")
            == ["must be a decimal number between -180 and 180, such as 52.520000"])
        #expect(error.rules(for: "related_locations[0].latitude")
            == ["must be a decimal number between -90 and 90, such as 52.520000"])
    }

    @Test func evseUIDsAreUniqueIgnoringCase() {
        let error = Sample.refusal { $0.evses?[1].uid = "evse-1" }
        #expect(error.rules(for: "evses[1].uid") == ["must be unique within the Location (same as evses[0].uid)"])
    }

    @Test func businessDetailsAndDisplayTexts() {
        let error = Sample.refusal {
            $0.operator?.name = String(repeating: "o", count: 101)
            $0.operator?.website = "operator.example"
            $0.directions = [DisplayText(language: "eng", text: String(repeating: "t", count: 513))]
        }
        #expect(error.rules(for: "operator.name") == ["must be at most 100 characters"])
        #expect(error.rules(for: "operator.website")
            == ["must be an absolute URL such as https://example.com/image.png"])
        #expect(error.rules(for: "directions[0].language") == ["must be an ISO 639-1 language code of 2 letters"])
        #expect(error.rules(for: "directions[0].text") == ["must be at most 512 characters"])
    }

    @Test func imagesHaveURLsTypesAndFiveDigitSizes() {
        let error = Sample.refusal {
            $0.images = [
                Image(url: "not a url", category: .location, type: "jpeg2", width: 100_000, height: -1),
                Image(url: "https://example.com/" + String(repeating: "x", count: 236), category: .location, type: ""),
            ]
        }
        #expect(error.rules(for: "images[0].url") == ["must be an absolute URL such as https://example.com/image.png"])
        #expect(error.rules(for: "images[0].type") == ["must be at most 4 characters"])
        #expect(error.rules(for: "images[0].width") == ["must be an integer of at most 5 digits (0 to 99999)"])
        #expect(error.rules(for: "images[0].height") == ["must be an integer of at most 5 digits (0 to 99999)"])
        #expect(error.rules(for: "images[1].url") == ["must be at most 255 characters"])
        #expect(error.rules(for: "images[1].type") == ["must not be empty"])
    }

    @Test func energyMixPercentagesAndNames() {
        let error = Sample.refusal {
            $0.energyMix?.energySources = [EnergySource(source: .solar, percentage: 100.5)]
            $0.energyMix?.environImpact = [EnvironmentalImpact(category: .nuclearWaste, amount: -1)]
            $0.energyMix?.energyProductName = String(repeating: "p", count: 65)
        }
        #expect(error.rules(for: "energy_mix.energy_sources[0].percentage") == ["must be between 0 and 100"])
        #expect(error.rules(for: "energy_mix.environ_impact[0].amount") == ["must not be negative"])
        #expect(error.rules(for: "energy_mix.energy_product_name") == ["must be at most 64 characters"])
    }

    @Test func helpPhoneIsACiStringOf25() {
        #expect(Sample.refusal { $0.helpPhone = String(repeating: "1", count: 26) }.rules(for: "help_phone")
            == ["must be at most 25 characters"])
    }

    @Test func messageListsAtMostFiveIssues() {
        let error = Sample.refusal {
            $0.countryCode = ""
            $0.partyID = ""
            $0.id = ""
            $0.city = String(repeating: "c", count: 46)
            $0.country = ""
            $0.timeZone = "x"
            $0.name = "\u{7}"
        }
        #expect(error?.issues.count == 7)
        #expect(error?.message.hasSuffix(" (and 2 more)") == true)
        #expect(error?.code == .invalidOrMissingParameters)
    }
}
