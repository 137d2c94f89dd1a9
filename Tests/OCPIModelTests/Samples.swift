import Foundation
import OCPIModel

/// A valid Location using every part of the model, 2.3.0 fields included; tests break one thing at a time.
enum Sample {
    static func connector(_ id: String = "1", at time: DateTime = Fixture.t2024) -> Connector {
        Connector(
            id: id, standard: .iec62196T2, format: .socket, powerType: .ac3Phase, maxVoltage: 230, maxAmperage: 32,
            maxElectricPower: 22000, tariffIDs: ["T1"], termsAndConditions: "https://example.com/terms",
            capabilities: [.iso15118_2PlugAndCharge], lastUpdated: time)
    }

    static func evse(_ uid: String = "EVSE-1", at time: DateTime = Fixture.t2024) -> EVSE {
        EVSE(
            uid: uid, evseID: "NL*TNM*E1*1", status: .available,
            statusSchedule: [StatusSchedule(periodBegin: Fixture.t2024, periodEnd: Fixture.later, status: .planned)],
            capabilities: [.rfidReader], connectors: [connector("1", at: time), connector("2", at: time)],
            floorLevel: "-1", coordinates: GeoLocation(latitude: "52.370216", longitude: "4.895168"),
            physicalReference: "A1", directions: [DisplayText(language: "en", text: "Left of the gate")],
            parkingRestrictions: [.evOnly], parking: [EVSEParking(parkingID: "P1", evsePosition: .left)],
            images: [image()], acceptedServiceProviders: ["Some eMSP"], lastUpdated: time)
    }

    static func image() -> Image {
        Image(
            url: "https://example.com/a.png", thumbnail: "https://example.com/a-thumb.png", category: .charger,
            type: "png", width: 800, height: 600)
    }

    static func location() -> Location {
        Location(
            countryCode: "NL", partyID: "TNM", id: "LOC1", publish: false,
            publishAllowedTo: [PublishTokenType(uid: "012345678", type: .rfid)], name: "Gent Zuid",
            address: "F.Rooseveltlaan 3A", city: "Amsterdam", postalCode: "1012", state: "Noord-Holland",
            country: "NLD", coordinates: GeoLocation(latitude: "52.370216", longitude: "4.895168"),
            relatedLocations: [
                AdditionalGeoLocation(
                    latitude: "52.370300", longitude: "4.895200", name: DisplayText(language: "nl", text: "Ingang")),
            ],
            parkingType: .onStreet, evses: [evse("EVSE-1"), evse("EVSE-2")],
            parkingPlaces: [
                Parking(
                    id: "P1", physicalReference: "12", vehicleTypes: [.personalVehicle], maxVehicleHeight: 200,
                    restrictedToType: false, reservationRequired: false, timeLimit: 120, standards: ["PAS 1899"]),
            ],
            directions: [DisplayText(language: "en", text: "Behind the station")],
            operator: BusinessDetails(name: "Operator", website: "https://operator.example", logo: image()),
            facilities: [.trainStation], timeZone: "Europe/Amsterdam",
            openingTimes: Hours(
                twentyfourseven: false,
                regularHours: [RegularHours(weekday: 1, periodBegin: "08:00", periodEnd: "20:00")],
                exceptionalClosings: [ExceptionalPeriod(periodBegin: Fixture.t2024, periodEnd: Fixture.later)]),
            chargingWhenClosed: true, images: [image()],
            energyMix: EnergyMix(
                isGreenEnergy: false, energySources: [EnergySource(source: .coal, percentage: 100)],
                environImpact: [EnvironmentalImpact(category: .carbonDioxide, amount: 372)], supplierName: "E"),
            helpPhone: "+31 20 123 4567", lastUpdated: Fixture.t2024)
    }

    /// The sample with one change, validated: the refusal, or nil.
    static func refusal(
        _ version: VersionNumber = .v2_3_0, _ change: (inout Location) -> Void
    ) -> ValidationError? {
        var location = location()
        change(&location)
        return OCPIModelTests.refusal { () throws(ValidationError) in try location.validate(for: version) }
    }
}
