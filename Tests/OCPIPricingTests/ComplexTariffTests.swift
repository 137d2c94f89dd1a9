import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// The Tariffs chapter's complex tariff (examples/tariff_4_complex.json): a start fee, charging time priced by
/// current and weekday, parking priced by time of day and weekday.
@Suite("The complex tariff example")
struct ComplexTariffTests {
    static let json = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "14", "currency": "EUR", "type": "REGULAR",
          "tariff_alt_url": "https://company.com/tariffs/14",
          "elements": [{
            "price_components": [{ "type": "FLAT", "price": 2.50, "vat": 15.0, "step_size": 1 }]
          }, {
            "price_components": [{ "type": "TIME", "price": 1.00, "vat": 20.0, "step_size": 900 }],
            "restrictions": { "max_current": 32.00 }
          }, {
            "price_components": [{ "type": "TIME", "price": 2.00, "vat": 20.0, "step_size": 600 }],
            "restrictions": { "min_current": 32.00, "day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] }
          }, {
            "price_components": [{ "type": "TIME", "price": 1.25, "vat": 20.0, "step_size": 600 }],
            "restrictions": { "min_current": 32.00, "day_of_week": ["SATURDAY", "SUNDAY"] }
          }, {
            "price_components": [{ "type": "PARKING_TIME", "price": 5.00, "vat": 10.0, "step_size": 300 }],
            "restrictions": { "start_time": "09:00", "end_time": "18:00", "day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] }
          }, {
            "price_components": [{ "type": "PARKING_TIME", "price": 6.00, "vat": 10.0, "step_size": 300 }],
            "restrictions": { "start_time": "10:00", "end_time": "17:00", "day_of_week": ["SATURDAY"] }
          }],
          "tax_included": "NO",
          "last_updated": "2015-06-29T20:39:09Z"
        }
        """

    @Test("Monday 09:30, 165 minutes at 16 A at most, then 42 minutes parked: € 9.00 excl. VAT, € 10.30 incl.")
    func mondayMorning() throws {
        for json in [Self.json, as2_2_1(Self.json)] {
            // 2026-01-05 is a Monday; 08:30 UTC is 09:30 in Germany in winter.
            let priced = SessionBuilder("2026-01-05T08:30:00Z", zone: cet)
                .charging(minutes: 165, kWh: "18", [reading(.maxCurrent, "16")])
                .parking(minutes: 42)
                .priced(by: try tariff(json))
            #expect(priced.totalFixedCost == price("2.50", vat: [("15", "0.375")]))
            #expect(priced.totalTimeCost == price("2.75", vat: [("20", "0.55")]))
            // 42 minutes, billed as 45 by the last time-based component's 5-minute step.
            #expect(priced.totalParkingCost == price("3.75", vat: [("10", "0.375")]))
            #expect(priced.totalCost == price("9.00", vat: [("10", "0.375"), ("15", "0.375"), ("20", "0.55")]))
            #expect(priced.totalCost.afterTaxes == dec("10.30"))
            #expect(priced.breakdown.map(\.element) == [0, nil, 1, 4, 4])
        }
    }

    /// The spec states € 12.28 / € 13.861, with 114 minutes of charging at € 2.28: that is 1.9 hours at € 1.20, not
    /// at the € 1.25 its own text, table and JSON give. At € 1.25 the charging costs € 2.375 (€ 2.85 with 20 % VAT),
    /// so the session costs € 12.375 / € 13.975. Corrected here.
    @Test("Saturday 13:30, 114 minutes at 43 A at least, then 71 minutes parked: € 12.375 / € 13.975 (spec miscomputed)")
    func saturdayAfternoon() throws {
        // 2026-01-10 is a Saturday.
        let priced = SessionBuilder("2026-01-10T12:30:00Z", zone: cet)
            .charging(minutes: 114, kWh: "30", [reading(.minCurrent, "43"), reading(.maxCurrent, "43")])
            .parking(minutes: 71)
            .priced(by: try tariff(Self.json))
        #expect(priced.totalTimeCost == price("2.375", vat: [("20", "0.475")]))
        // 71 minutes billed as 75.
        #expect(priced.totalParkingCost == price("7.50", vat: [("10", "0.75")]))
        #expect(priced.totalCost == price("12.375", vat: [("10", "0.75"), ("15", "0.375"), ("20", "0.475")]))
        #expect(priced.totalCost.afterTaxes == dec("13.975"))
        #expect(priced.breakdown.map(\.element) == [0, nil, 3, 5, 5])
    }

    @Test("Parking on a Saturday evening, after 17:00, is free; on a Sunday, charging above 32 A is € 1.25")
    func outsideTheWindows() throws {
        let priced = SessionBuilder("2026-01-11T16:00:00Z", zone: cet)  // Sunday 17:00
            .charging(minutes: 60, kWh: "20", [reading(.minCurrent, "40"), reading(.maxCurrent, "48")])
            .parking(minutes: 60)
            .priced(by: try tariff(Self.json))
        #expect(priced.totalTimeCost == price("1.25", vat: [("20", "0.25")]))
        #expect(priced.totalParkingCost == Price.zero)
        #expect(priced.totalCost == price("3.75", vat: [("15", "0.375"), ("20", "0.25")]))
    }
}
