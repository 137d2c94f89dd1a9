import Foundation
import OCPIModel
import Testing

/// The rules of EVSEs, Connectors, opening hours and 2.3.0 parking, with their paths inside the Location.
@Suite struct EVSEValidationTests {
    @Test func anEVSEHasAtLeastOneConnectorWithUniqueIDs() {
        #expect(Sample.refusal { $0.evses?[0].connectors = [] }.rules(for: "evses[0].connectors")
            == ["must contain at least one connector"])
        #expect(Sample.refusal { $0.evses?[1].connectors[1].id = "1" }.rules(for: "evses[1].connectors[1].id")
            == ["must be unique within the EVSE (same as connectors[0].id)"])
    }

    @Test func connectorIDsMayRepeatAcrossEVSEs() {
        // The sample's two EVSEs both have connectors "1" and "2".
        #expect(Sample.refusal { _ in } == nil)
    }

    @Test func evseFieldLengths() {
        let error = Sample.refusal {
            $0.evses?[0].uid = String(repeating: "u", count: 37)
            $0.evses?[0].evseID = String(repeating: "e", count: 49)
            $0.evses?[0].floorLevel = "12345"
            $0.evses?[0].physicalReference = String(repeating: "p", count: 17)
        }
        #expect(error.rules(for: "evses[0].uid") == ["must be at most 36 characters"])
        #expect(error.rules(for: "evses[0].evse_id") == ["must be at most 48 characters"])
        #expect(error.rules(for: "evses[0].floor_level") == ["must be at most 4 characters"])
        #expect(error.rules(for: "evses[0].physical_reference") == ["must be at most 16 characters"])
    }

    @Test func evseCoordinatesAndSchedules() {
        let error = Sample.refusal {
            $0.evses?[0].coordinates?.longitude = "4,895168"
            $0.evses?[0].statusSchedule = [
                StatusSchedule(periodBegin: Fixture.later, periodEnd: Fixture.t2024, status: .planned),
            ]
        }
        #expect(error.rules(for: "evses[0].coordinates.longitude")
            == ["must be a decimal number between -180 and 180, such as 52.520000"])
        #expect(error.rules(for: "evses[0].status_schedule[0].period_end") == ["must be later than period_begin"])
    }

    @Test func connectorFields() {
        let error = Sample.refusal {
            $0.evses?[0].connectors[1].maxVoltage = -230
            $0.evses?[0].connectors[1].maxAmperage = -1
            $0.evses?[0].connectors[1].tariffIDs = [String(repeating: "t", count: 37), ""]
            $0.evses?[0].connectors[1].termsAndConditions = "/terms"
        }
        #expect(error.rules(for: "evses[0].connectors[1].max_voltage") == ["must not be negative"])
        #expect(error.rules(for: "evses[0].connectors[1].max_amperage") == ["must not be negative"])
        #expect(error.rules(for: "evses[0].connectors[1].tariff_ids[0]") == ["must be at most 36 characters"])
        #expect(error.rules(for: "evses[0].connectors[1].tariff_ids[1]") == ["must not be empty"])
        #expect(error.rules(for: "evses[0].connectors[1].terms_and_conditions")
            == ["must be an absolute URL such as https://example.com/image.png"])
    }

    @Test func openingHours() {
        let error = Sample.refusal {
            $0.openingTimes = Hours(
                twentyfourseven: false,
                regularHours: [
                    RegularHours(weekday: 0, periodBegin: "24:00", periodEnd: "8:00"),
                    RegularHours(weekday: 7, periodBegin: "18:00", periodEnd: "09:00"),
                    RegularHours(weekday: 8, periodBegin: "10:00", periodEnd: "10:00"),
                ],
                exceptionalOpenings: [ExceptionalPeriod(periodBegin: Fixture.later, periodEnd: Fixture.later)])
        }
        let weekdayRule = "must be between 1 (Monday) and 7 (Sunday)"
        let laterRule = "must be later than period_begin"
        let timeRule = "must be a time of day HH:MM from 00:00 to 23:59, matching ([0-1][0-9]|2[0-3]):[0-5][0-9]"
        #expect(error.rules(for: "opening_times.regular_hours[0].weekday") == [weekdayRule])
        #expect(error.rules(for: "opening_times.regular_hours[0].period_begin") == [timeRule])
        #expect(error.rules(for: "opening_times.regular_hours[0].period_end") == [timeRule])
        #expect(error.rules(for: "opening_times.regular_hours[1].period_end") == [laterRule])
        #expect(error.rules(for: "opening_times.regular_hours[2].weekday") == [weekdayRule])
        #expect(error.rules(for: "opening_times.regular_hours[2].period_end") == [laterRule])
        #expect(error.rules(for: "opening_times.exceptional_openings[0].period_end") == [laterRule])
    }

    @Test func regularHoursOnlyWithoutTwentyFourSeven() {
        #expect(Sample.refusal { $0.openingTimes?.twentyfourseven = true }.rules(for: "opening_times.regular_hours")
            == ["may only be used when twentyfourseven is false"])
        #expect(Sample.refusal { $0.openingTimes?.regularHours = [] }.rules(for: "opening_times.regular_hours")
            == ["must contain at least one entry when twentyfourseven is false"])
        #expect(Sample.refusal { $0.openingTimes?.regularHours = nil }.rules(for: "opening_times.regular_hours")
            == ["must contain at least one entry when twentyfourseven is false"])
        #expect(Sample.refusal { $0.openingTimes = Hours(twentyfourseven: true, regularHours: []) } == nil)
    }

    @Test func parkingPlacesOn2_3_0() {
        let error = Sample.refusal {
            $0.parkingPlaces?[0].vehicleTypes = []
            $0.parkingPlaces?[0].physicalReference = "1234567890123"
            $0.parkingPlaces?[0].maxVehicleHeight = -2
            if let first = $0.parkingPlaces?.first { $0.parkingPlaces?.append(first) }
            $0.parkingPlaces?[1].id = "p1"
            $0.evses?[1].parking = [EVSEParking(parkingID: "P9")]
            $0.evses?[0].acceptedServiceProviders = [String(repeating: "m", count: 51)]
        }
        #expect(error.rules(for: "parking_places[0].vehicle_types") == ["must contain at least one entry"])
        #expect(error.rules(for: "parking_places[0].physical_reference") == ["must be at most 12 characters"])
        #expect(error.rules(for: "parking_places[0].max_vehicle_height") == ["must not be negative"])
        #expect(error.rules(for: "parking_places[1].id")
            == ["must be unique within the Location (same as parking_places[0].id)"])
        #expect(error.rules(for: "evses[1].parking[0].parking_id")
            == ["must be the id of one of the Location's parking_places"])
        #expect(error.rules(for: "evses[0].accepted_service_providers[0]") == ["must be at most 50 characters"])
    }

    /// To a 2.2.1 peer these fields do not exist: they are neither checked nor sent.
    @Test func parkingPlacesAreNotCheckedOn2_2_1() {
        #expect(Sample.refusal(.v2_2_1) {
            $0.parkingPlaces?[0].vehicleTypes = []
            $0.evses?[1].parking = [EVSEParking(parkingID: "P9")]
            $0.helpPhone = String(repeating: "1", count: 30)
        } == nil)
    }

    @Test func connectorAndEVSEValidateOnTheirOwnWithRelativePaths() {
        var evse = Sample.evse()
        evse.connectors[0].maxVoltage = -1
        let error = refusal { () throws(ValidationError) in try evse.validate(for: .v2_3_0) }
        #expect(error.fields == ["connectors[0].max_voltage"])
        let connectorError = refusal { () throws(ValidationError) in try evse.connectors[0].validate(for: .v2_3_0) }
        #expect(connectorError.fields == ["max_voltage"])
    }
}
