import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// The worked examples of the Tariffs chapter (OCPI 2.3.0 `mod_tariffs.asciidoc`; 2.2.1 has the same ones, minus
/// the North American pair), each tariff embedded from the spec's `examples/` file named beside it, each cost the
/// one the text states. Where the text rounds to cents, the 4-decimal amount is asserted and the cent value noted.
@Suite("The Tariffs chapter's worked examples")
struct TariffExamplesTests {
    // examples/tariff_1_simple_2hour.json (2.3.0; 2.2.1 lacks tax_included)
    static let simple2PerHour = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "12", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 2.00, "vat": 10.0, "step_size": 60 }]
          }],
          "tax_included": "NO",
          "last_updated": "2015-06-29T20:39:09Z"
        }
        """

    @Test("€ 2 per hour: 2.5 hours of charging cost € 5.00 excl. VAT, € 5.50 incl., in both versions")
    func simpleTwoPerHour() throws {
        for json in [Self.simple2PerHour, as2_2_1(Self.simple2PerHour)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 150).priced(by: try tariff(json))
            #expect(priced.totalCost == price("5.00", vat: [("10", "0.50")]))
            #expect(priced.totalCost.afterTaxes == dec("5.50"))
            #expect(priced.totalTimeCost == price("5.00", vat: [("10", "0.50")]))
            #expect(priced.totalTime == dec("2.5"))
            #expect(priced.totalParkingTime == 0)
        }
    }

    // examples/tariff_8_simple_025kwh.json
    static let energy025 = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "16", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-17T11:16:55Z"
        }
        """

    @Test("€ 0.25 per kWh: 20 kWh cost € 5.00 excl. VAT, € 5.50 incl.")
    func simpleEnergy() throws {
        for json in [Self.energy025, as2_2_1(Self.energy025)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 120, kWh: "20").priced(by: try tariff(json))
            #expect(priced.totalCost == price("5.00", vat: [("10", "0.50")]))
            #expect(priced.totalEnergyCost == price("5.00", vat: [("10", "0.50")]))
            #expect(priced.totalTimeCost == Price.zero)
            #expect(priced.totalEnergy == dec("20"))
        }
    }

    // examples/tariff_9_025kwh_start.json
    static let energyAndStartFee = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "17", "currency": "EUR",
          "elements": [{
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-17T11:36:01Z"
        }
        """

    @Test("€ 0.25 per kWh and a start fee: 20 kWh cost € 5.50 excl. VAT, € 6.10 incl.")
    func energyAndStartFee() throws {
        for json in [Self.energyAndStartFee, as2_2_1(Self.energyAndStartFee)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z")
                .charging(minutes: 60, kWh: "12").charging(minutes: 60, kWh: "8").priced(by: try tariff(json))
            #expect(priced.totalCost == price("5.50", vat: [("10", "0.50"), ("20", "0.10")]))
            #expect(priced.totalCost.afterTaxes == dec("6.10"))
            #expect(priced.totalFixedCost == price("0.50", vat: [("20", "0.10")]))
            #expect(priced.totalEnergyCost == price("5.00", vat: [("10", "0.50")]))
            // Charged once, in the first period.
            #expect(priced.breakdown.filter { $0.kind == .flat }.map(\.period) == [0])
        }
    }

    // examples/tariff_10_025kwh_parking_start.json
    static let energyParkingStart = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "18", "currency": "EUR",
          "elements": [{
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 },
              { "type": "PARKING_TIME", "price": 2.00, "vat": 20.0, "step_size": 900 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-17T11:44:10Z"
        }
        """

    @Test("€ 0.25 per kWh, parking and a start fee: 20 kWh and 40 minutes parked cost € 7.00 / € 7.90 (45 minutes billed)")
    func energyParkingAndStartFee() throws {
        for json in [Self.energyParkingStart, as2_2_1(Self.energyParkingStart)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z")
                .charging(minutes: 90, kWh: "20").parking(minutes: 40).priced(by: try tariff(json))
            #expect(priced.totalCost == price("7.00", vat: [("10", "0.50"), ("20", "0.40")]))
            #expect(priced.totalCost.afterTaxes == dec("7.90"))
            #expect(priced.totalParkingCost == price("1.50", vat: [("20", "0.30")]))
            #expect(priced.totalParkingTime == dec("0.6667"))
            let extra = try #require(priced.breakdown.first { $0.kind == .stepSize })
            #expect(extra.dimension == .parkingTime)
            #expect(extra.period == 1)
            #expect(extra.quantity == dec("0.0833"))  // 5 minutes
        }
    }

    // examples/tariff_13_simple_3hour_5parking.json
    static let timeAndParking = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "21", "currency": "EUR",
          "elements": [{
            "price_components": [
              { "type": "TIME", "price": 3.00, "vat": 10.0, "step_size": 60 },
              { "type": "PARKING_TIME", "price": 5.00, "vat": 20.0, "step_size": 300 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-17T17:00:43Z"
        }
        """

    @Test("€ 3 per hour, € 5 per hour parking: 150 minutes charging and 42 parked cost € 11.25 / € 12.75")
    func timeAndParking() throws {
        for json in [Self.timeAndParking, as2_2_1(Self.timeAndParking)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z")
                .charging(minutes: 150).parking(minutes: 42).priced(by: try tariff(json))
            #expect(priced.totalCost == price("11.25", vat: [("10", "0.75"), ("20", "0.75")]))
            #expect(priced.totalCost.afterTaxes == dec("12.75"))
            #expect(priced.totalTimeCost == price("7.50", vat: [("10", "0.75")]))
            #expect(priced.totalParkingCost == price("3.75", vat: [("20", "0.75")]))
            #expect(priced.totalTime == dec("3.2"))
            #expect(priced.totalParkingTime == dec("0.7"))
        }
    }

    // examples/tariff_2_alt_text.json
    static let altText = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "12", "currency": "EUR", "type": "AD_HOC_PAYMENT",
          "tariff_alt_text": [
            { "language": "en", "text": "2.00 euro p/hour including VAT." },
            { "language": "nl", "text": "2.00 euro p/uur inclusief BTW." }
          ],
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 1.90, "vat": 5.2, "step_size": 300 }]
          }],
          "tax_included": "NO",
          "last_updated": "2015-06-29T20:39:09Z"
        }
        """

    @Test("Ad hoc with alternative text: 2.5 hours cost € 4.75 excl. VAT and € 4.997 incl. (the spec's € 5.00 is cents)")
    func adHocAltText() throws {
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 150).priced(by: try tariff(Self.altText))
        #expect(priced.totalCost == price("4.75", vat: [("5.2", "0.247")]))
        #expect(priced.totalCost.afterTaxes == dec("4.997"))
    }

    // examples/tariff_3_alt_url.json
    static let altURL = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "13", "currency": "EUR", "type": "PROFILE_CHEAP",
          "tariff_alt_url": "https://company.com/tariffs/13",
          "elements": [{
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 100 }
            ]
          }],
          "tax_included": "NO",
          "last_updated": "2015-06-29T20:39:09Z"
        }
        """

    /// The spec lists € 5.13 energy and € 5.63 / € 6.24 in total (2.2.1's table too): cents of these amounts. 2.3.0's
    /// table says € 5.11 / € 5.61 / € 6.22, which bills 20.45 kWh and so ignores the step_size its own text applies.
    @Test("Alternative URL: 20.45 kWh billed as 20.5 kWh (100 Wh steps) cost € 5.625 / € 6.2375")
    func altURL() throws {
        for json in [Self.altURL, as2_2_1(Self.altURL)] {
            let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 90, kWh: "20.45").priced(by: try tariff(json))
            #expect(priced.totalEnergyCost == price("5.125", vat: [("10", "0.5125")]))
            #expect(priced.totalFixedCost == price("0.50", vat: [("20", "0.10")]))
            #expect(priced.totalCost == price("5.625", vat: [("10", "0.5125"), ("20", "0.10")]))
            #expect(priced.totalCost.afterTaxes == dec("6.2375"))
            #expect(priced.totalEnergy == dec("20.45"))
        }
    }

    // examples/tariff_5_free_of_charge.json
    static let free = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "15", "currency": "EUR",
          "elements": [{
            "price_components": [{ "type": "FLAT", "price": 0.00, "step_size": 0 }]
          }],
          "tax_included": "NO",
          "last_updated": "2015-06-29T20:39:09Z"
        }
        """

    @Test("Free of charge: any session costs nothing, and the breakdown says why")
    func freeOfCharge() throws {
        let priced = SessionBuilder("2026-01-05T10:00:00Z")
            .charging(minutes: 120, kWh: "30").parking(minutes: 30).priced(by: try tariff(Self.free))
        #expect(priced.totalCost == Price.zero)
        #expect(priced.totalFixedCost == Price.zero)
        #expect(priced.totalEnergy == dec("30"))
        #expect(priced.totalTime == dec("2.5"))
        let flat = try #require(priced.breakdown.first)
        #expect(flat.kind == .flat && flat.element == 0 && flat.cost == 0)
        // Energy, time and parking: no element prices them.
        #expect(priced.breakdown.dropFirst().allSatisfy { $0.element == nil && $0.cost == 0 })
    }
}
