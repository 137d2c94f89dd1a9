import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// Restrictions read in the Location's local time and the session's state at each period's start.
@Suite("Restrictions")
struct RestrictionTests {
    /// One restricted ENERGY element at € 0.10 before a € 0.30 fallback: a period's energy price tells whether the
    /// restriction matched.
    static func cheapWhen(_ restrictions: String) throws -> Tariff {
        try tariff("""
            {
              "country_code": "NL", "party_id": "EXA", "id": "when", "currency": "EUR",
              "elements": [
                { "price_components": [{ "type": "ENERGY", "price": 0.10, "step_size": 1 }], "restrictions": \(restrictions) },
                { "price_components": [{ "type": "ENERGY", "price": 0.30, "step_size": 1 }] }
              ],
              "tax_included": "NO",
              "last_updated": "2026-01-01T00:00:00Z"
            }
            """)
    }

    /// The element that priced each period's 1 kWh: 0 when the restriction matched, 1 when not.
    static func matched(_ tariff: Tariff, at starts: [String], zone: any UTCOffsets = FixedUTCOffset.utc) -> [Int?] {
        let periods = starts.map {
            ChargingPeriod(startDateTime: at($0), dimensions: [CdrDimension(type: .energy, volume: 1)])
        }
        let input = PricingInput(timeZone: zone, startDateTime: periods[0].startDateTime, chargingPeriods: periods)
        return TariffPricer(tariff: tariff).price(input).breakdown.map(\.element)
    }

    @Test("A window ending before it starts wraps past midnight: 22:00–06:00 holds at 22:00 and 05:59, not 06:00 or 21:59")
    func midnightWrap() throws {
        let night = try Self.cheapWhen(#"{ "start_time": "22:00", "end_time": "06:00" }"#)
        let elements = Self.matched(night, at: [
            "2026-01-05T21:59:00Z", "2026-01-05T22:00:00Z", "2026-01-06T00:00:00Z", "2026-01-06T05:59:00Z",
            "2026-01-06T06:00:00Z",
        ])
        #expect(elements == [1, 0, 0, 0, 1])
    }

    @Test("An end_time of 00:00 is the end of the day: 20:00–00:00 holds at 23:59, not at 00:00")
    func midnightEnd() throws {
        let evening = try Self.cheapWhen(#"{ "start_time": "20:00", "end_time": "00:00" }"#)
        #expect(Self.matched(evening, at: ["2026-01-05T19:59:00Z", "2026-01-05T20:00:00Z", "2026-01-05T23:59:00Z", "2026-01-06T00:00:00Z"])
            == [1, 0, 0, 1])
        let allDay = try Self.cheapWhen(#"{ "start_time": "00:00", "end_time": "00:00" }"#)
        #expect(Self.matched(allDay, at: ["2026-01-05T00:00:00Z", "2026-01-05T23:59:00Z"]) == [0, 0])
        let untilMidnight = try Self.cheapWhen(#"{ "end_time": "00:00" }"#)
        #expect(Self.matched(untilMidnight, at: ["2026-01-05T00:00:00Z", "2026-01-05T23:59:00Z"]) == [0, 0])
    }

    @Test("Times are the Location's local time, not UTC")
    func localTime() throws {
        let morning = try Self.cheapWhen(#"{ "start_time": "08:00", "end_time": "09:00" }"#)
        // 07:30 UTC is 08:30 in Amsterdam in winter.
        #expect(Self.matched(morning, at: ["2026-01-05T07:30:00Z", "2026-01-05T08:30:00Z"], zone: amsterdam) == [0, 1])
    }

    @Test("DST ends (Amsterdam, last Sunday of October): 02:00–03:00 local happens twice, both times cheap")
    func daylightSavingTimeEnds() throws {
        // 2026-10-25: at 01:00 UTC, 03:00 CEST becomes 02:00 CET.
        let night = try Self.cheapWhen(#"{ "start_time": "02:00", "end_time": "03:00" }"#)
        let elements = Self.matched(night, at: [
            "2026-10-24T23:30:00Z",  // 01:30 CEST
            "2026-10-25T00:00:00Z",  // 02:00 CEST
            "2026-10-25T00:30:00Z",  // 02:30 CEST
            "2026-10-25T01:00:00Z",  // 02:00 CET
            "2026-10-25T01:30:00Z",  // 02:30 CET
            "2026-10-25T02:00:00Z",  // 03:00 CET
        ], zone: amsterdam)
        #expect(elements == [1, 0, 0, 0, 0, 1])
    }

    @Test("DST starts (Amsterdam, last Sunday of March): 02:00–03:00 local never happens, 03:00 follows 01:59")
    func daylightSavingTimeStarts() throws {
        // 2026-03-29: at 01:00 UTC, 02:00 CET becomes 03:00 CEST.
        let starts = ["2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z"]
        let lost = try Self.cheapWhen(#"{ "start_time": "02:00", "end_time": "03:00" }"#)
        #expect(Self.matched(lost, at: starts, zone: amsterdam) == [1, 1, 1, 1])
        let early = try Self.cheapWhen(#"{ "start_time": "03:00", "end_time": "04:00" }"#)
        #expect(Self.matched(early, at: starts, zone: amsterdam) == [1, 0, 0, 1])
    }

    @Test("The weekday is the local one: 23:30 UTC on Saturday 24 October is already Sunday in Amsterdam")
    func localWeekday() throws {
        let sunday = try Self.cheapWhen(#"{ "day_of_week": ["SUNDAY"] }"#)
        #expect(Self.matched(sunday, at: ["2026-10-24T21:59:00Z", "2026-10-24T22:00:00Z", "2026-10-25T22:59:00Z", "2026-10-25T23:00:00Z"], zone: amsterdam)
            == [1, 0, 0, 1])
        let clock = LocalClock(amsterdam)
        // Sunday 25 October 2026, 00:30 CEST; then 02:30 CET on the same Sunday.
        #expect(clock.localTime(at: at("2026-10-24T22:30:00Z")) == LocalTime(day: 20_751, minuteOfDay: 30, weekday: 6))
        #expect(clock.localTime(at: at("2026-10-25T01:30:00Z")) == LocalTime(day: 20_751, minuteOfDay: 150, weekday: 6))
    }

    @Test("day_of_week lists the days an element holds; Monday to Friday leaves the weekend out")
    func dayOfWeek() throws {
        let weekdays = try Self.cheapWhen(#"{ "day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] }"#)
        // Friday 9, Saturday 10, Sunday 11, Monday 12 January 2026, at noon.
        #expect(Self.matched(weekdays, at: ["2026-01-09T12:00:00Z", "2026-01-10T12:00:00Z", "2026-01-11T12:00:00Z", "2026-01-12T12:00:00Z"])
            == [0, 1, 1, 0])
    }

    @Test("start_date is inclusive and end_date exclusive, on the local calendar day")
    func dates() throws {
        let december = try Self.cheapWhen(#"{ "start_date": "2025-12-01", "end_date": "2026-01-01" }"#)
        // 23:00 UTC on 30 November is 1 December in Amsterdam; 23:00 UTC on 31 December is already 1 January.
        #expect(Self.matched(december, at: [
            "2025-11-30T22:59:00Z", "2025-11-30T23:00:00Z", "2025-12-31T22:59:00Z", "2025-12-31T23:00:00Z",
        ], zone: amsterdam) == [1, 0, 0, 1])
    }

    @Test("min_kwh is inclusive and max_kwh exclusive, on the energy consumed before the period")
    func energyBoundaries() throws {
        let tariff = try tariff("""
            {
              "country_code": "NL", "party_id": "EXA", "id": "kwh", "currency": "EUR",
              "elements": [
                { "price_components": [{ "type": "ENERGY", "price": 0.20, "step_size": 1 }], "restrictions": { "max_kwh": 10 } },
                { "price_components": [{ "type": "ENERGY", "price": 0.25, "step_size": 1 }], "restrictions": { "min_kwh": 10, "max_kwh": 20 } },
                { "price_components": [{ "type": "ENERGY", "price": 0.30, "step_size": 1 }] }
              ],
              "tax_included": "NO",
              "last_updated": "2026-01-01T00:00:00Z"
            }
            """)
        let priced = SessionBuilder("2026-01-05T10:00:00Z")
            .charging(minutes: 30, kWh: "9.999").charging(minutes: 1, kWh: "0.001")  // 0 and 9.999 before: first
            .charging(minutes: 30, kWh: "10")  // 10 before: second
            .charging(minutes: 30, kWh: "5")  // 20 before: third
            .priced(by: tariff)
        #expect(priced.breakdown.filter { $0.dimension == .energy }.map(\.element) == [0, 0, 1, 2])
        #expect(priced.totalCost == price("6.00"))
        #expect(priced.totalEnergy == dec("25"))
    }

    @Test("min_duration is inclusive and max_duration exclusive, counted from the session's start")
    func durations() throws {
        let tariff = try Self.cheapWhen(#"{ "min_duration": 1800, "max_duration": 3600 }"#)
        let starts = ["2026-01-05T10:00:00Z", "2026-01-05T10:29:59Z", "2026-01-05T10:30:00Z", "2026-01-05T10:59:59Z", "2026-01-05T11:00:00Z"]
        #expect(Self.matched(tariff, at: starts) == [1, 1, 0, 0, 1])
    }

    @Test("min_power compares the period's MIN_POWER and max_power its MAX_POWER; one reading serves both")
    func power() throws {
        let band = try Self.cheapWhen(#"{ "min_power": 11, "max_power": 22 }"#)
        func element(_ readings: [CdrDimension], minutes: Decimal = 60) -> Int? {
            SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: minutes, kWh: "1", readings).priced(by: band)
                .breakdown.first { $0.dimension == .energy }?.element
        }
        #expect(element([reading(.minPower, "11"), reading(.maxPower, "21.9")]) == 0)
        #expect(element([reading(.minPower, "10.9"), reading(.maxPower, "20")]) == 1)  // dipped below 11
        #expect(element([reading(.minPower, "12"), reading(.maxPower, "22")]) == 1)  // reached 22
        #expect(element([reading(.maxPower, "15")]) == 0)
        #expect(element([reading(.minPower, "23")]) == 1)
        // No reading: the average, 1 kWh over 4 minutes = 15 kW, over an hour = 1 kW.
        #expect(element([], minutes: 4) == 0)
        #expect(element([]) == 1)
    }

    @Test("Current has no average to fall back on: without MIN/MAX_CURRENT a current restriction does not match")
    func currentWithoutReading() throws {
        let low = try Self.cheapWhen(#"{ "max_current": 32 }"#)
        let withReading = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 60, kWh: "1", [reading(.maxCurrent, "16")])
        let without = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 60, kWh: "1")
        #expect(withReading.priced(by: low).totalCost == price("0.10"))
        #expect(without.priced(by: low).totalCost == price("0.30"))
    }

    @Test("A flat fee comes from the first period where an element with one is active, and only once")
    func flatFromFirstActivePeriod() throws {
        let tariff = try tariff("""
            {
              "country_code": "NL", "party_id": "EXA", "id": "evening-fee", "currency": "EUR",
              "elements": [
                { "price_components": [{ "type": "FLAT", "price": 1.00, "step_size": 1 }], "restrictions": { "start_time": "17:00" } },
                { "price_components": [{ "type": "ENERGY", "price": 0.30, "step_size": 1 }] }
              ],
              "tax_included": "NO",
              "last_updated": "2026-01-01T00:00:00Z"
            }
            """)
        let priced = SessionBuilder("2026-01-05T16:00:00Z")
            .charging(minutes: 60, kWh: "5").charging(minutes: 60, kWh: "5").charging(minutes: 60, kWh: "5").priced(by: tariff)
        #expect(priced.totalFixedCost == price("1.00"))
        #expect(priced.breakdown.filter { $0.kind == .flat }.map(\.period) == [1])
        #expect(priced.totalCost == price("5.50"))
    }

    @Test("A session without periods still owes its flat fee; periods of another tariff are left to it")
    func flatWithoutPeriodsAndOtherTariffs() throws {
        let tariff = try tariff(TariffExamplesTests.energyAndStartFee)
        let empty = PricingInput(timeZone: FixedUTCOffset.utc, startDateTime: at("2026-01-05T10:00:00Z"), chargingPeriods: [])
        #expect(TariffPricer(tariff: tariff).price(empty).totalCost == price("0.50", vat: [("20", "0.10")]))

        let mixed = SessionBuilder("2026-01-05T10:00:00Z")
            .period(minutes: 60, [reading(.energy, "10")], tariffID: "other")
            .period(minutes: 60, [reading(.energy, "4")], tariffID: "17")
            .period(minutes: 60, [reading(.energy, "4")])
            .priced(by: tariff)
        #expect(mixed.totalEnergy == dec("8"))
        #expect(mixed.totalCost == price("2.50", vat: [("10", "0.20"), ("20", "0.10")]))
        #expect(mixed.breakdown.map(\.period) == [1, 1, 2])
    }

    @Test("A restriction whose text cannot be read never matches")
    func unreadable() throws {
        let broken = try Self.cheapWhen(#"{ "start_time": "25:00" }"#)
        #expect(Self.matched(broken, at: ["2026-01-05T10:00:00Z"]) == [1])
    }
}
