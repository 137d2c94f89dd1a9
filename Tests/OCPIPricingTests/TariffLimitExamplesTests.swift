import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// The Tariffs chapter's examples with a minimum or maximum price, and the North American pair (2.3.0 only), each
/// tariff embedded from the spec's `examples/` file named beside it.
@Suite("The Tariffs chapter's price limit and North American examples")
struct TariffLimitExamplesTests {
    // examples/tariff_12_025kwh_min_price.json (2.3.0: PriceLimit)
    static let minPrice230 = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "20", "currency": "EUR",
          "min_price": { "before_taxes": 0.50, "after_taxes": 0.55 },
          "elements": [{
            "price_components": [{ "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }]
          }],
          "tax_included": "NO",
          "last_updated": "2018-12-17T16:45:21Z"
        }
        """

    // 2.2.1 examples/tariff_12_025kwh_min_price.json (2.2.1: Price)
    static let minPrice221 = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "20", "currency": "EUR",
          "min_price": { "excl_vat": 0.50, "incl_vat": 0.55 },
          "elements": [{
            "price_components": [{ "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }]
          }],
          "last_updated": "2018-12-17T16:45:21Z"
        }
        """

    @Test("A minimum price: 20 kWh cost € 5.00 / € 5.50, but under 2 kWh cost € 0.50 / € 0.55")
    func minimumPrice() throws {
        for json in [Self.minPrice230, Self.minPrice221] {
            let tariff = try tariff(json)
            let full = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 120, kWh: "20").priced(by: tariff)
            #expect(full.totalCost == price("5.00", vat: [("10", "0.50")]))
            #expect(!full.breakdown.contains { $0.kind == .minPrice })

            let short = SessionBuilder("2026-01-05T10:00:00Z").charging(minutes: 10, kWh: "1").priced(by: tariff)
            #expect(short.totalCost == price("0.50", vat: [("10", "0.05")]))
            #expect(short.totalCost.afterTaxes == dec("0.55"))
            // The part totals stay as the tariff priced them; the limit shows as its own line.
            #expect(short.totalEnergyCost == price("0.25", vat: [("10", "0.025")]))
            let line = try #require(short.breakdown.last)
            #expect(line.kind == .minPrice)
            #expect(line.costBeforeTaxes == dec("0.25"))
            #expect(line.tax == dec("0.025"))
            #expect(line.cost == dec("0.275"))
        }
    }

    // examples/tariff_6_025kwh_start_max_price.json (2.3.0)
    static let maxPrice230 = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "16", "currency": "EUR",
          "max_price": { "before_taxes": 10.00, "after_taxes": 11.00 },
          "elements": [{
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "tax_included": "NO",
          "end_date_time": "2019-06-30T23:59:59Z",
          "last_updated": "2018-12-17T17:15:01Z"
        }
        """

    // 2.2.1 examples/tariff_6_025kwh_start_max_price.json
    static let maxPrice221 = """
        {
          "country_code": "DE", "party_id": "ALL", "id": "16", "currency": "EUR",
          "max_price": { "excl_vat": 10.00, "incl_vat": 11.00 },
          "elements": [{
            "price_components": [
              { "type": "FLAT", "price": 0.50, "vat": 20.0, "step_size": 1 },
              { "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }
            ]
          }],
          "end_date_time": "2019-06-30T23:59:59Z",
          "last_updated": "2018-12-17T17:15:01Z"
        }
        """

    @Test("A maximum price: 50 kWh cost € 10.00 / € 11.00; 30 kWh cost € 8.00 / € 8.85")
    func maximumPrice() throws {
        for json in [Self.maxPrice230, Self.maxPrice221] {
            let tariff = try tariff(json)
            let capped = SessionBuilder("2019-06-01T10:00:00Z").charging(minutes: 180, kWh: "50").priced(by: tariff)
            #expect(capped.totalCost.beforeTaxes == dec("10.00"))
            #expect(capped.totalCost.afterTaxes == dec("11.00"))
            // Both limits bind; the € 1.35 of VAT becomes € 1.00, each rate scaled alike.
            #expect(capped.totalCost == price("10.00", vat: [("10", "0.9259"), ("20", "0.0741")]))
            #expect(capped.totalEnergyCost == price("12.50", vat: [("10", "1.25")]))
            let line = try #require(capped.breakdown.last)
            #expect(line.kind == .maxPrice)
            #expect(line.costBeforeTaxes == dec("-3.00"))
            #expect(line.cost == dec("-3.35"))

            let under = SessionBuilder("2019-06-01T10:00:00Z").charging(minutes: 120, kWh: "30").priced(by: tariff)
            #expect(under.totalCost == price("8.00", vat: [("10", "0.75"), ("20", "0.10")]))
            #expect(under.totalCost.afterTaxes == dec("8.85"))
        }
    }

    // examples/tariff_19_simple_north_american_exclusive.json, corrected: the text bills "per 1 min (60 seconds)",
    // the file says step_size 1. The text wins; for 2.5 hours it makes no difference.
    static let northAmericanExclusive = """
        {
          "country_code": "CA", "party_id": "FLO", "id": "12", "currency": "CAD",
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 2.00, "step_size": 60 }]
          }],
          "tax_included": "NO",
          "last_updated": "2024-12-05T18:30:14Z"
        }
        """

    @Test("North American, taxes excluded: 2.5 hours cost C$ 5.00, taxes added later, none itemised")
    func northAmericanExclusive() throws {
        let priced = SessionBuilder("2026-01-05T10:00:00Z", zone: FixedUTCOffset(seconds: -18_000))
            .charging(minutes: 150).priced(by: try tariff(Self.northAmericanExclusive))
        #expect(priced.totalCost == price("5.00"))
        #expect(priced.totalCost.taxes.isEmpty)
        #expect(priced.currency == "CAD")
    }

    // examples/tariff_20_simple_north_american_inclusive.json, corrected like tariff_19 (step_size 1 → 60).
    static let northAmericanInclusive = """
        {
          "country_code": "CA", "party_id": "FLO", "id": "12", "currency": "CAD",
          "elements": [{
            "price_components": [{ "type": "TIME", "price": 2.10, "step_size": 60 }]
          }],
          "tax_included": "YES",
          "last_updated": "2024-12-05T18:30:14Z"
        }
        """

    @Test("North American, taxes included: 2.5 hours cost C$ 5.25, taxes inside at a rate the tariff does not state")
    func northAmericanInclusive() throws {
        let priced = SessionBuilder("2026-01-05T10:00:00Z", zone: FixedUTCOffset(seconds: -18_000))
            .charging(minutes: 150).priced(by: try tariff(Self.northAmericanInclusive))
        #expect(priced.totalCost == price("5.25"))
        #expect(priced.totalCost.afterTaxes == dec("5.25"))
    }
}
