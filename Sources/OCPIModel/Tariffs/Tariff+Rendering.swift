#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// What a peer of a given version gets to see. A tariff is stored in 2.3.0's shape; a 2.2.1 reader gets:
//   * no tax_included and no preauthorize_amount (2.2.1 has neither);
//   * min_price and max_price as 2.2.1's Price (excl_vat, incl_vat), the same amounts;
//   * for tax_included YES, each price excluding its component's VAT (price × 100 / (100 + vat), to 4 decimals,
//     OCPI's number precision, half away from zero), since 2.2.1 prices exclude VAT; a component without vat
//     keeps its price, which 2.2.1 reads as "no VAT applies", so the driver still sees what they will pay;
//   * for tax_included N/A, the prices as they are, no vat (none is allowed).
// DECISIONS.md states these rules.

extension Tariff: OCPIObject {
    public func rendered(for version: VersionNumber) -> Tariff? {
        var copy = self
        copy.minPrice = minPrice?.rendered(for: version)
        copy.maxPrice = maxPrice?.rendered(for: version)
        guard version < .v2_3_0 else { return copy }
        copy.taxIncluded = nil
        copy.preauthorizeAmount = nil
        if taxIncluded == .yes {
            for element in copy.elements.indices {
                for component in copy.elements[element].priceComponents.indices {
                    copy.elements[element].priceComponents[component].excludeVAT()
                }
            }
        }
        return copy
    }
}

extension PriceComponent {
    /// A tax-inclusive price made exclusive of its VAT (2.2.1's meaning of `price`).
    mutating func excludeVAT() {
        guard let vat, vat != 0 else { return }
        price = (price * 100 / (100 + vat)).rounded(scale: 4)
    }
}
