import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// step_size: once per session for ENERGY, once for TIME and PARKING_TIME together, with the step of the last
/// component that priced the dimension, the extra billed with the last period it priced. The Tariffs chapter's
/// "switching to different Tariff Element" examples and the CDR chapter's step_size examples.
@Suite("step_size, once per session")
struct StepSizeTests {
    // examples/tariff_14_step_size.json: € 1.20/h charging before 17:00 (30-minute steps), € 2.40/h after
    // (15-minute steps), € 1.00/h parking before 20:00 (15-minute steps), no parking price after 20:00.
    static let json = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "22", "currency": "EUR",
          "elements": [
            {
              "price_components": [
                { "type": "TIME", "price": 1.20, "step_size": 1800 },
                { "type": "PARKING_TIME", "price": 1.00, "step_size": 900 }
              ],
              "restrictions": { "start_time": "00:00", "end_time": "17:00" }
            },
            {
              "price_components": [
                { "type": "TIME", "price": 2.40, "step_size": 900 },
                { "type": "PARKING_TIME", "price": 1.00, "step_size": 900 }
              ],
              "restrictions": { "start_time": "17:00", "end_time": "20:00" }
            },
            {
              "price_components": [{ "type": "TIME", "price": 2.40, "step_size": 900 }],
              "restrictions": { "start_time": "20:00", "end_time": "00:00" }
            }
          ],
          "tax_included": "NO",
          "last_updated": "2018-12-18T17:07:11Z"
        }
        """

    @Test("Switching elements #1: in at 16:55, 10 minutes charging, 2 parked (billed 15) cost € 0.55")
    func switchingOne() throws {
        for json in [Self.json, as2_2_1(Self.json)] {
            let priced = SessionBuilder("2026-01-05T16:55:00Z")
                .charging(minutes: 5).charging(minutes: 5).parking(minutes: 2).priced(by: try tariff(json))
            #expect(priced.totalCost == price("0.55"))
            #expect(priced.totalTimeCost == price("0.30"))
            #expect(priced.totalParkingCost == price("0.25"))
            let lines = priced.breakdown.map { ($0.kind, $0.period, $0.element, $0.cost) }
            #expect(lines.map(\.0) == [.period, .period, .period, .stepSize])
            #expect(lines.map(\.1) == [0, 1, 2, 2])
            #expect(lines.map(\.2) == [0, 1, 1, 1])
            #expect(lines.map(\.3) == [dec("0.10"), dec("0.20"), dec("0.0333"), dec("0.2167")])
        }
    }

    @Test("Switching elements #2: in at 16:35, 35 minutes charging billed as 45, 20 of them after 17:00: € 1.30")
    func switchingTwo() throws {
        let priced = SessionBuilder("2026-01-05T16:35:00Z")
            .charging(minutes: 25).charging(minutes: 10).priced(by: try tariff(Self.json))
        #expect(priced.totalCost == price("1.30"))
        let extra = try #require(priced.breakdown.last)
        #expect(extra.kind == .stepSize)
        #expect(extra.period == 1 && extra.element == 1 && extra.dimension == .time)
        #expect(extra.quantity == dec("0.1667"))
        #expect(extra.cost == dec("0.40"))
    }

    @Test("Switching to free: in at 19:40, 12 minutes charging, 20 parked; 8 billable minutes become 15: € 0.73")
    func switchingToFree() throws {
        let priced = SessionBuilder("2026-01-05T19:40:00Z")
            .charging(minutes: 12).parking(minutes: 8).parking(minutes: 12).priced(by: try tariff(Self.json))
        #expect(priced.totalCost == price("0.73"))
        #expect(priced.totalTimeCost == price("0.48"))
        #expect(priced.totalParkingCost == price("0.25"))
        // The parking after 20:00 is free; the 7 extra minutes go to the 19:52–20:00 period.
        let free = try #require(priced.breakdown.first { $0.period == 2 })
        #expect(free.element == nil && free.cost == 0)
        let extra = try #require(priced.breakdown.last)
        #expect(extra.kind == .stepSize && extra.period == 1 && extra.dimension == .parkingTime)
        #expect(extra.startDateTime == at("2026-01-05T19:52:00Z"))
    }

    /// A tariff of the CDR chapter's examples: one price before 17:00 and one after, or a charging and a parking
    /// price, all with the step sizes the examples give.
    static func twoPrices(
        _ type: String, before: String, after: String, step: Int, parking: String? = nil
    ) throws -> Tariff {
        let parkingComponent = parking.map { #", { "type": "PARKING_TIME", "price": \#($0), "step_size": \#(step) }"# } ?? ""
        return try tariff("""
            {
              "country_code": "NL", "party_id": "EXA", "id": "cdr-steps", "currency": "EUR",
              "elements": [
                { "price_components": [{ "type": "\(type)", "price": \(before), "step_size": \(step) }\(parkingComponent)],
                  "restrictions": { "end_time": "17:00" } },
                { "price_components": [{ "type": "\(type)", "price": \(after), "step_size": \(step) }\(parkingComponent)] }
              ],
              "tax_included": "NO",
              "last_updated": "2026-01-01T00:00:00Z"
            }
            """)
    }

    @Test("CDR chapter: 4.3 kWh before 17:00 and 1.1 after, 500 Wh steps: 5.5 kWh billed, the extra 0.1 after 17:00")
    func energyAcrossElements() throws {
        let tariff = try Self.twoPrices("ENERGY", before: "0.20", after: "0.27", step: 500)
        let priced = SessionBuilder("2026-01-05T16:00:00Z")
            .charging(minutes: 60, kWh: "4.3").charging(minutes: 20, kWh: "1.1").priced(by: tariff)
        // 4.3 × 0.20 + (1.1 + 0.1) × 0.27
        #expect(priced.totalEnergyCost == price("1.184"))
        #expect(priced.breakdown.last?.quantity == dec("0.1"))
    }

    @Test("CDR chapter: 6 minutes before 17:00 and 22 after, 10-minute steps: 30 minutes billed, 24 after 17:00")
    func timeAcrossElements() throws {
        let tariff = try Self.twoPrices("TIME", before: "5", after: "7", step: 600)
        let priced = SessionBuilder("2026-01-05T16:54:00Z").charging(minutes: 6).charging(minutes: 22).priced(by: tariff)
        // 6 minutes at € 5/h, 24 at € 7/h
        #expect(priced.totalTimeCost == price("3.30"))
    }

    @Test("CDR chapter: 21 minutes charging, 7 parked, 5-minute steps: charging billed 21, parking 10")
    func chargingThenParkingFiveMinutes() throws {
        let tariff = try Self.twoPrices("TIME", before: "1.00", after: "1.00", step: 300, parking: "2.00")
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 21).parking(minutes: 7).priced(by: tariff)
        #expect(priced.totalTimeCost == price("0.35"))
        #expect(priced.totalParkingCost == price("0.3333"))
    }

    @Test("CDR chapter: 21 minutes charging at € 1/h, 16 parked at € 2/h, 10-minute steps: parking billed 20")
    func chargingThenParkingTenMinutes() throws {
        let tariff = try Self.twoPrices("TIME", before: "1.00", after: "1.00", step: 600, parking: "2.00")
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 21).parking(minutes: 16).priced(by: tariff)
        #expect(priced.totalTimeCost == price("0.35"))
        #expect(priced.totalParkingCost == price("0.6667"))
        #expect(priced.totalCost == price("1.0167"))
    }

    /// The spec's € 0.031 for step 25 is cents of € 0.03125, reported here at 4 decimals.
    @Test("Tariffs chapter: 115.2 Wh at € 0.25/kWh bill 116 Wh (step 1), 125 Wh (step 25) or 500 Wh (step 500)")
    func energySteps() throws {
        for (step, cost) in [(1, "0.029"), (25, "0.0313"), (500, "0.125")] {
            let tariff = try tariff("""
                { "country_code": "NL", "party_id": "EXA", "id": "wh", "currency": "EUR",
                  "elements": [{ "price_components": [{ "type": "ENERGY", "price": 0.25, "step_size": \(step) }] }],
                  "tax_included": "NO", "last_updated": "2026-01-01T00:00:00Z" }
                """)
            let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 1, kWh: "0.1152").priced(by: tariff)
            #expect(priced.totalCost == price(cost), "step_size \(step)")
        }
    }

    @Test("Hours that cannot state a duration exactly are not pushed over a step: 10 minutes as 0.1666666667 h")
    func inexactHours() throws {
        let tariff = try Self.twoPrices("TIME", before: "6.00", after: "6.00", step: 600)
        let session = SessionBuilder("2026-01-05T10:00:00Z").period(minutes: 10, [reading(.time, "0.1666666667")])
        #expect(session.priced(by: tariff).totalCost == price("1.00"))
        #expect(!session.priced(by: tariff).breakdown.contains { $0.kind == .stepSize })
    }

    @Test("step_size 0 bills exactly what was consumed")
    func stepZero() throws {
        let tariff = try Self.twoPrices("ENERGY", before: "0.25", after: "0.25", step: 0)
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 1, kWh: "0.0002").priced(by: tariff)
        // 0.00005, rounded half away from zero at 4 decimals.
        #expect(priced.totalCost == price("0.0001"))
    }
}
