import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// The Tariffs chapter's max_power and max_duration examples, and the CDR chapter's example CDR, each tariff
/// embedded from the spec's `examples/` file named beside it.
@Suite("The restriction examples and the example CDR")
struct RestrictionExamplesTests {
    // examples/tariffrestriction_example_max_power.json
    static let maxPower = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "1", "currency": "EUR", "type": "REGULAR",
          "elements": [{
            "price_components": [{ "type": "ENERGY", "price": 0.20, "vat": 20.0, "step_size": 1 }],
            "restrictions": { "max_power": 16.00 }
          }, {
            "price_components": [{ "type": "ENERGY", "price": 0.35, "vat": 20.0, "step_size": 1 }],
            "restrictions": { "max_power": 32.00 }
          }, {
            "price_components": [{ "type": "ENERGY", "price": 0.50, "vat": 20.0, "step_size": 1 }]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-05T12:01:09Z"
        }
        """

    @Test("max_power: 1 kWh at 6 kW, 40 kWh at 48 kW and 0.5 kWh at 4 kW cost € 20.30 excl. VAT")
    func maxPowerExample() throws {
        for json in [Self.maxPower, as2_2_1(Self.maxPower)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z")
                .charging(minutes: 10, kWh: "1", [reading(.maxPower, "6")])
                .charging(minutes: 50, kWh: "40", [reading(.maxPower, "48")])
                .charging(minutes: dec("7.5"), kWh: "0.5", [reading(.maxPower, "4")])
                .priced(by: try tariff(json))
            #expect(priced.totalCost == price("20.30", vat: [("20", "4.06")]))
            let energy = priced.breakdown.filter { $0.dimension == .energy }
            #expect(energy.map(\.element) == [0, 2, 0])
            #expect(energy.map(\.cost) == [dec("0.20"), dec("20.00"), dec("0.10")])
        }
    }

    // examples/tariffrestriction_example_max_duration.json
    static let maxDuration = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "2", "currency": "EUR", "type": "REGULAR",
          "elements": [{
            "price_components": [{ "type": "ENERGY", "price": 0.00, "vat": 20.0, "step_size": 1 }],
            "restrictions": { "max_duration": 1800 }
          }, {
            "price_components": [{ "type": "ENERGY", "price": 0.25, "vat": 20.0, "step_size": 1 }],
            "restrictions": { "max_duration": 3600 }
          }, {
            "price_components": [{ "type": "ENERGY", "price": 0.40, "vat": 20.0, "step_size": 1 }]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-05T13:12:44Z"
        }
        """

    @Test("max_duration: 5 kWh in the first 30 minutes free, 1.2 kWh in the next 10 cost € 0.30 excl. VAT")
    func maxDurationExample() throws {
        for json in [Self.maxDuration, as2_2_1(Self.maxDuration)] {
            let tariff = try tariff(json)
            let priced = SessionBuilder("2026-01-05T10:00:00Z")
                .charging(minutes: 30, kWh: "5").charging(minutes: 10, kWh: "1.2").priced(by: tariff)
            #expect(priced.totalCost == price("0.30", vat: [("20", "0.06")]))
            #expect(priced.breakdown.filter { $0.dimension == .energy }.map(\.element) == [0, 1])

            // Past the hour, the third element.
            let long = SessionBuilder("2026-01-05T10:00:00Z")
                .charging(minutes: 30, kWh: "5").charging(minutes: 30, kWh: "5").charging(minutes: 10, kWh: "1")
                .priced(by: tariff)
            #expect(long.totalCost == price("1.65", vat: [("20", "0.33")]))
        }
    }

    // The CDR chapter's example CDR (examples/cdr_example.json): its tariff and its one period, 1.973 hours billed
    // in 5-minute steps as 2 hours: total_cost 4.00 with 0.40 VAT, as the example states.
    static let cdrExampleTariff = """
        {
          "country_code": "BE", "party_id": "BEC", "id": "12", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 2.00, "vat": 10.0, "step_size": 300 }]
          }],
          "last_updated": "2024-05-02T14:15:01Z"
        }
        """

    @Test("The example CDR: 1.973 hours at € 2 per hour in 5-minute steps cost € 4.00 and € 0.40 VAT")
    func exampleCDR() throws {
        let periods = try OCPIJSON.decoder.decode([ChargingPeriod].self, from: Data("""
            [{ "start_date_time": "2024-12-05T17:39:09Z", "dimensions": [{ "type": "TIME", "volume": 1.973 }],
               "tariff_id": "12" }]
            """.utf8))
        let input = PricingInput(
            timeZone: FixedUTCOffset(seconds: 3600), startDateTime: at("2024-12-05T17:39:09Z"),
            endDateTime: at("2024-12-05T19:37:32Z"), chargingPeriods: periods)
        let priced = TariffPricer(tariff: try tariff(Self.cdrExampleTariff)).price(input)
        #expect(priced.totalCost == price("4.00", vat: [("10", "0.40")]))
        #expect(priced.totalTimeCost == price("4.00", vat: [("10", "0.40")]))
        #expect(priced.totalTime == dec("1.973"))
    }
}
