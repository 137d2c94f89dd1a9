#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The distinct VAT rates of a tariff, numbered in order of appearance, with what splitting an amount at each rate
/// needs worked out once: pricing a line is then a multiplication, not a division.
struct TaxRates: Sendable {
    /// Percent.
    private(set) var percentages: [Decimal] = []
    /// vat / 100: the tax on an amount that excludes it.
    private(set) var fractions: [Decimal] = []
    /// 100 / (100 + vat): the share of an amount including the tax that is before taxes.
    private(set) var netShares: [Decimal] = []

    var count: Int { percentages.count }

    /// The number of `vat`, added when new.
    mutating func index(of vat: Decimal) -> Int {
        if let index = percentages.firstIndex(of: vat) { return index }
        percentages.append(vat)
        fractions.append(vat / 100)
        netShares.append(100 / (100 + vat))
        return percentages.count - 1
    }
}
