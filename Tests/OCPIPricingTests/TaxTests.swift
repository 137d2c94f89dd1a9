import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// Taxes: 2.2.1 and `tax_included` NO add each component's VAT on top; YES takes it out of the price; N/A has none.
/// Totals itemise one "VAT" per rate.
@Suite("Taxes")
struct TaxTests {
    static func taxTariff(taxIncluded: String, energyVAT: String = "21", flatVAT: String = "9") throws -> Tariff {
        try tariff("""
            {
              "country_code": "NL", "party_id": "EXA", "id": "tax", "currency": "EUR",
              "elements": [{
                "price_components": [
                  { "type": "FLAT", "price": 1.00, \(flatVAT.isEmpty ? "" : "\"vat\": \(flatVAT),") "step_size": 1 },
                  { "type": "ENERGY", "price": 0.30, \(energyVAT.isEmpty ? "" : "\"vat\": \(energyVAT),") "step_size": 1 }
                ]
              }],
              "tax_included": "\(taxIncluded)",
              "last_updated": "2026-01-01T00:00:00Z"
            }
            """)
    }

    static let tenKWh = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 60, kWh: "10")

    @Test("Taxes excluded: VAT is added on top, itemised per rate and per CDR total")
    func excluded() throws {
        let priced = Self.tenKWh.priced(by: try Self.taxTariff(taxIncluded: "NO"))
        #expect(priced.totalEnergyCost == price("3.00", vat: [("21", "0.63")]))
        #expect(priced.totalFixedCost == price("1.00", vat: [("9", "0.09")]))
        #expect(priced.totalCost == price("4.00", vat: [("9", "0.09"), ("21", "0.63")]))
        #expect(priced.totalCost.afterTaxes == dec("4.72"))
    }

    /// With prices including taxes, the amount after taxes is what the driver was shown, so it is what stays exact:
    /// each tax is rounded, and the amount before taxes is the rest.
    @Test("Taxes included: the amount before taxes is price × 100 / (100 + VAT); the total after taxes stays the price")
    func included() throws {
        let priced = Self.tenKWh.priced(by: try Self.taxTariff(taxIncluded: "YES"))
        // 3.00 / 1.21 = 2.479338…; 1.00 / 1.09 = 0.917431…
        #expect(priced.totalEnergyCost == price("2.4793", vat: [("21", "0.5207")]))
        #expect(priced.totalFixedCost == price("0.9174", vat: [("9", "0.0826")]))
        #expect(priced.totalCost == price("3.3967", vat: [("9", "0.0826"), ("21", "0.5207")]))
        #expect(priced.totalCost.afterTaxes == dec("4.00"))
        let energy = try #require(priced.breakdown.first { $0.dimension == .energy })
        #expect(energy.cost == dec("3.00") && energy.costBeforeTaxes == dec("2.4793") && energy.tax == dec("0.5207"))
        #expect(energy.unitPrice == dec("0.30") && energy.vat == dec("21"))
    }

    @Test("No taxes applicable: nothing itemised")
    func notApplicable() throws {
        let priced = Self.tenKWh.priced(by: try Self.taxTariff(taxIncluded: "N/A", energyVAT: "", flatVAT: ""))
        #expect(priced.totalCost == price("4.00"))
        #expect(priced.breakdown.allSatisfy { $0.tax == 0 && $0.vat == nil })
    }

    @Test("A component without vat carries no tax, next to one that has it")
    func partlyTaxed() throws {
        let priced = Self.tenKWh.priced(by: try Self.taxTariff(taxIncluded: "NO", flatVAT: ""))
        #expect(priced.totalCost == price("4.00", vat: [("21", "0.63")]))
        #expect(priced.totalFixedCost == price("1.00"))
    }

    @Test("0 % VAT is itemised when something was billed at it; a free component's VAT is not")
    func zeroRates() throws {
        let zero = Self.tenKWh.priced(by: try Self.taxTariff(taxIncluded: "NO", energyVAT: "0"))
        #expect(zero.totalEnergyCost == price("3.00", vat: [("0", "0")]))
        let free = try tariff(RestrictionExamplesTests.maxDuration)
        let first = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 10, kWh: "3").priced(by: free)
        #expect(first.totalCost == price("0"))
    }

    @Test("Taxes included with a maximum price: both limits hold")
    func includedWithMaximum() throws {
        let capped = try tariff("""
            {
              "country_code": "NL", "party_id": "EXA", "id": "cap", "currency": "EUR",
              "max_price": { "before_taxes": 8.00, "after_taxes": 9.00 },
              "elements": [{ "price_components": [{ "type": "ENERGY", "price": 0.363, "vat": 21, "step_size": 1 }] }],
              "tax_included": "YES",
              "last_updated": "2026-01-01T00:00:00Z"
            }
            """)
        // 40 kWh × 0.363 = 14.52 including 21 % VAT: 12.00 before taxes, capped at 8.00; after taxes 9.68 → 9.00.
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 120, kWh: "40").priced(by: capped)
        #expect(priced.totalEnergyCost == price("12.00", vat: [("21", "2.52")]))
        #expect(priced.totalCost == price("8.00", vat: [("21", "1.00")]))
    }

    @Test("A minimum price with nothing billed takes its tax from the limit itself: the implied 10 % VAT")
    func minimumWithoutConsumption() throws {
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 5, kWh: "0")
            .priced(by: try tariff(TariffLimitExamplesTests.minPrice230))
        #expect(priced.totalCost == price("0.50", vat: [("10", "0.05")]))
        #expect(priced.totalEnergyCost == Price.zero)
        #expect(priced.breakdown.last?.kind == .minPrice)
    }

    @Test("A 2.3.0 minimum price without after_taxes keeps the session's own mix of taxes")
    func minimumBeforeTaxesOnly() throws {
        let json = TariffLimitExamplesTests.minPrice230.replacingOccurrences(of: #", "after_taxes": 0.55"#, with: "")
        let priced = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 10, kWh: "1").priced(by: try tariff(json))
        #expect(priced.totalCost == price("0.50", vat: [("10", "0.05")]))
    }
}

/// Price, TaxAmount and the period types on the wire.
@Suite("Prices and periods on the wire")
struct WireTests {
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try OCPIJSON.encoder.encode(value), as: UTF8.self)
    }

    @Test("A Price is written as 2.3.0's before_taxes and taxes, or as 2.2.1's excl_vat and incl_vat")
    func priceShapes() throws {
        let cost = price("9.00", vat: [("10", "0.375"), ("15", "0.375"), ("20", "0.55")])
        #expect(try Self.json(cost) == #"{"before_taxes":9,"taxes":[{"amount":0.375,"name":"VAT","percentage":10},{"amount":0.375,"name":"VAT","percentage":15},{"amount":0.55,"name":"VAT","percentage":20}]}"#)
        #expect(try Self.json(cost.rendered(for: .v2_2_1)) == #"{"excl_vat":9,"incl_vat":10.3}"#)
        #expect(try Self.json(price("5.00")) == #"{"before_taxes":5}"#)
        #expect(try Self.json(cost.rendered(for: .v2_2_1).rendered(for: .v2_3_0)) == Self.json(cost))
    }

    @Test("A Price reads either shape; 2.2.1's VAT becomes one unnamed-rate VAT line")
    func priceDecoding() throws {
        let new = try OCPIJSON.decoder.decode(Price.self, from: Data(#"{"before_taxes":4.00,"taxes":[{"name":"VAT","amount":0.40}]}"#.utf8))
        #expect(new == Price(beforeTaxes: dec("4"), taxes: [TaxAmount(name: "VAT", amount: dec("0.4"))]))
        let old = try OCPIJSON.decoder.decode(Price.self, from: Data(#"{"excl_vat":4.00,"incl_vat":4.40}"#.utf8))
        #expect(old.wire == .price221 && old.beforeTaxes == dec("4") && old.afterTaxes == dec("4.4"))
        let untaxed = try OCPIJSON.decoder.decode(Price.self, from: Data(#"{"excl_vat":4.00}"#.utf8))
        #expect(untaxed.taxes.isEmpty)
        let account = try OCPIJSON.decoder.decode(TaxAmount.self, from: Data(#"{"name":"QST","account_number":"1234","percentage":9.975,"amount":0.5}"#.utf8))
        #expect(account.accountNumber == "1234" && account.percentage == dec("9.975"))
    }

    @Test("Charging periods read as the Sessions chapter's example writes them, volumes exact")
    func periods() throws {
        // examples/session_example_2_short_finished.json (its ENERGY volumes are in Wh although the unit is kWh).
        let periods = try OCPIJSON.decoder.decode([ChargingPeriod].self, from: Data("""
            [{ "start_date_time": "2015-06-29T22:39:09Z",
               "dimensions": [{ "type": "ENERGY", "volume": 120 }, { "type": "MAX_CURRENT", "volume": 30 }] },
             { "start_date_time": "2015-06-29T23:07:09Z", "dimensions": [{ "type": "PARKING_TIME", "volume": 0.718 }],
               "tariff_id": "12" }]
            """.utf8))
        #expect(periods[0].volume(of: .maxCurrent) == dec("30"))
        #expect(periods[1].volume(of: .parkingTime) == dec("0.718"))
        #expect(periods[1].tariffID == "12")
        #expect(try Self.json(periods[1]) == #"{"dimensions":[{"type":"PARKING_TIME","volume":0.718}],"start_date_time":"2015-06-29T23:07:09Z","tariff_id":"12"}"#)
        #expect(CdrDimensionType.known.count == 13)
        #expect(CdrDimensionType.stateOfCharge.isKnown(in: .v2_2_1))
    }

    @Test("The breakdown is JSON with snake_case keys, naming the CDR total each line counts in")
    func breakdownJSON() throws {
        let priced = SessionBuilder("2026-01-05T16:35:00Z").charging(minutes: 25).charging(minutes: 10)
            .priced(by: try tariff(StepSizeTests.json))
        let text = try Self.json(priced)
        #expect(text.contains(#""total_cost":{"before_taxes":1.3}"#))
        #expect(text.contains(#"{"component":0,"cost":0.4,"cost_before_taxes":0.4,"counts_in":"total_time_cost","dimension":"TIME","element":1,"kind":"step_size","period":1,"quantity":0.1667,"start_date_time":"2026-01-05T17:00:00Z","tax":0,"unit_price":2.4}"#))
        #expect(text.contains(#""tariff_id":"22""#) && text.contains(#""total_parking_time":0"#))
    }
}
