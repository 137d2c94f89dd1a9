import Foundation
import OCPIModel
import Testing

/// The Tariff model: what each version accepts, how it is stored, and what each version reads.
@Suite struct TariffModelTests {
    static func draft(_ json: String) throws -> TariffDraft {
        try JSONDecoder().decode(TariffDraft.self, from: Data(json.utf8))
    }

    static func build(_ json: String, version: VersionNumber = .v2_3_0) throws(ValidationError) -> Tariff {
        let draft: TariffDraft
        do { draft = try Self.draft(json) } catch { fatalError("not JSON: \(error)") }
        return try Tariff(draft: draft, context: ObjectContext(version: version, defaultLastUpdated: DateTime("2024-01-01T00:00:00Z"), timeZones: nil))
    }

    static func issues(_ json: String, version: VersionNumber = .v2_3_0) -> [String] {
        do {
            _ = try build(json, version: version)
            return []
        } catch {
            return error.issues.map(\.field)
        }
    }

    static let base = #""country_code": "NL", "party_id": "ABC", "id": "T1", "currency": "EUR""#

    @Test func everyRuleIsReportedWithItsPath() {
        let fields = Self.issues("""
            {"country_code": "NL", "party_id": "ABC", "id": "T1", "currency": "eur", "tax_included": "MAYBE",
             "start_date_time": "2024-02-01T00:00:00Z", "end_date_time": "2024-01-01T00:00:00Z",
             "min_price": {"before_taxes": 5, "after_taxes": 4}, "max_price": {"before_taxes": 3},
             "elements": [
               {"price_components": [{"type": "ENERGY", "price": -1, "vat": 120, "step_size": -1}],
                "restrictions": {"start_time": "25:00", "end_time": "7:00", "start_date": "2024-03-01", "end_date": "2024-02-30",
                                 "min_kwh": 50, "max_kwh": 20, "min_duration": 60, "max_duration": 60,
                                 "day_of_week": ["FUNDAY"], "reservation": "RESERVATION"}},
               {"price_components": []}]}
            """)
        #expect(Set(fields) == [
            "currency", "tax_included", "end_date_time", "min_price", "min_price.after_taxes",
            "elements[0].price_components[0].price", "elements[0].price_components[0].vat",
            "elements[0].price_components[0].step_size", "elements[0].price_components[0].type",
            "elements[0].restrictions.start_time", "elements[0].restrictions.end_time", "elements[0].restrictions.end_date",
            "elements[0].restrictions.min_kwh", "elements[0].restrictions.min_duration",
            "elements[0].restrictions.day_of_week[0]", "elements[1].price_components",
        ])
    }

    /// A currency must be one ISO 4217 lists, not only three capitals.
    @Test func theCurrencyIsAnISO4217Code() {
        let body = { (currency: String) in
            "{\(Self.base.replacingOccurrences(of: "EUR", with: currency)), \"tax_included\": \"NO\", \"elements\": [{\"price_components\": [{\"type\": \"FLAT\", \"price\": 1, \"step_size\": 1}]}]}"
        }
        #expect(Self.issues(body("QQQ")) == ["currency"])
        #expect(Self.issues(body("XXX")) == ["currency"], "no currency at all is not a tariff's currency")
        #expect(Self.issues(body("eur")) == ["currency"])
        for code in ["EUR", "CHF", "SEK", "CAD", "ZWG"] { #expect(Self.issues(body(code)).isEmpty, "\(code)") }
    }

    @Test func requiredFieldsAndAFreeTariff() throws {
        #expect(Set(Self.issues("{}")) == ["country_code", "party_id", "id", "currency", "elements", "tax_included"])
        #expect(Self.issues("{}", version: .v2_2_1).contains("tax_included") == false, "2.2.1 has no tax_included")
        let free = try Self.build("""
            {\(Self.base), "tax_included": "N/A", "elements": [{"price_components": [{"type": "FLAT", "price": 0.00, "step_size": 0}]}]}
            """)
        #expect(free.elements[0].priceComponents[0].price == 0)
        #expect(Self.issues("""
            {\(Self.base), "tax_included": "N/A", "elements": [{"price_components": [{"type": "FLAT", "price": 1, "vat": 21, "step_size": 1}]}]}
            """) == ["tax_included"], "N/A means no taxes, so no vat")
    }

    @Test func restrictionTimesDatesAndWrapAreAccepted() throws {
        let tariff = try Self.build("""
            {\(Self.base), "tax_included": "NO", "elements": [
              {"price_components": [{"type": "TIME", "price": 1, "step_size": 60}],
               "restrictions": {"start_time": "22:00", "end_time": "06:00", "start_date": "2024-12-24", "end_date": "2024-12-27",
                                "day_of_week": ["SATURDAY", "SUNDAY"], "min_power": 0, "max_power": 22.5}},
              {"price_components": [{"type": "TIME", "price": 2, "step_size": 60}], "restrictions": {"start_time": "18:00", "end_time": "00:00"}}]}
            """)
        #expect(tariff.elements[0].restrictions?.maxPower == Decimal(string: "22.5"))
        #expect(TimeOfDay("00:00")?.minutes == 0)
        #expect(TimeOfDay("23:59")?.minutes == 1439)
        #expect(TimeOfDay("24:00") == nil && TimeOfDay("7:00") == nil && TimeOfDay("07:60") == nil)
        #expect(CalendarDate("2024-02-29") != nil && CalendarDate("2023-02-29") == nil)
    }

    /// Stored in 2.3.0's shape; 2.2.1 reads 2.2.1's.
    @Test func a221TariffIsStoredTaxExclusiveAndReadBackAsWritten() throws {
        let tariff = try Self.build("""
            {\(Self.base), "max_price": {"excl_vat": 10, "incl_vat": 12.1}, "tax_included": "YES", "preauthorize_amount": 50,
             "elements": [{"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 21, "step_size": 1}]}]}
            """, version: .v2_2_1)
        #expect(tariff.taxIncluded == .no, "2.2.1 prices exclude VAT; a 2.3.0 field in a 2.2.1 body is ignored")
        #expect(tariff.preauthorizeAmount == nil)
        #expect(tariff.maxPrice == PriceLimit(beforeTaxes: 10, afterTaxes: Decimal(string: "12.1")))
        let stored = String(decoding: try JSONEncoder().encode(tariff), as: UTF8.self)
        #expect(stored.contains(#""before_taxes":10"#) && !stored.contains("excl_vat"))
        let v221 = String(decoding: try JSONEncoder().encode(try #require(tariff.rendered(for: .v2_2_1))), as: UTF8.self)
        #expect(v221.contains(#""excl_vat":10"#) && v221.contains(#""incl_vat":12.1"#))
        #expect(!v221.contains("tax_included") && !v221.contains("before_taxes"))
    }

    /// A tax-inclusive price reaches 2.2.1 without its VAT, to four decimals; without vat it stays as it is.
    @Test func taxInclusivePricesRenderFor221WithoutVAT() throws {
        let tariff = try Self.build("""
            {\(Self.base), "tax_included": "YES", "preauthorize_amount": 25, "elements": [{"price_components": [
              {"type": "ENERGY", "price": 0.35, "vat": 21, "step_size": 1},
              {"type": "TIME", "price": 1.20, "vat": 20, "step_size": 60},
              {"type": "FLAT", "price": 0.50, "step_size": 1}]}]}
            """)
        let v221 = try #require(tariff.rendered(for: .v2_2_1))
        let prices = v221.elements[0].priceComponents.map(\.price)
        #expect(prices == [Decimal(string: "0.2893")!, 1, Decimal(string: "0.5")!])
        #expect(v221.taxIncluded == nil && v221.preauthorizeAmount == nil)
        #expect(tariff.rendered(for: .v2_3_0) == tariff)
    }

    @Test func roundingIsHalfAwayFromZero() {
        #expect(Decimal(string: "0.28925")!.rounded(scale: 4) == Decimal(string: "0.2893")!)
        #expect(Decimal(string: "-0.28925")!.rounded(scale: 4) == Decimal(string: "-0.2893")!)
        #expect(Decimal(string: "9.99995")!.rounded(scale: 4) == 10)
        #expect(Decimal(string: "0.12344")!.rounded(scale: 4) == Decimal(string: "0.1234")!)
        #expect(Decimal(string: "12")!.rounded(scale: 2) == 12)
        #expect(Decimal(string: "0.5")!.rounded(scale: 0) == 1)
    }
}
