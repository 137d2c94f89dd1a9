#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// Applies a tariff's `min_price` and `max_price` to a session's total.
///
/// The spec has both amounts of a limit apply, each on its own: the total before taxes stays within the limits'
/// `before_taxes` (2.2.1: `excl_vat`), and the total after taxes within their `after_taxes` (`incl_vat`), when
/// given. So:
/// 1. the amount before taxes is clamped to the before-taxes limits;
/// 2. the taxes follow it in proportion (the session's own mix of rates);
/// 3. the amount after taxes is then clamped to the after-taxes limits, which changes only the taxes;
/// 4. each rate's tax is scaled by the same factor. When nothing was taxed before, a tax the limit alone implies
///    (its after_taxes above its before_taxes) is itemised as one "VAT" at the percentage it implies.
/// The CDR's part totals (energy, time, ...) are left as the tariff priced them: the limit changes `total_cost`
/// only, and the breakdown shows it as a `min_price` or `max_price` line.
enum PriceLimits {
    static func apply(minimum: PriceLimit?, maximum: PriceLimit?, to total: ExactPrice) -> ExactPrice {
        guard minimum != nil || maximum != nil else { return total }
        var beforeTaxes = total.beforeTaxes
        if let minimum { beforeTaxes = max(beforeTaxes, minimum.beforeTaxes) }
        if let maximum { beforeTaxes = min(beforeTaxes, maximum.beforeTaxes) }
        let originalTax = total.taxTotal
        let followingTax = total.beforeTaxes != 0 ? originalTax * beforeTaxes / total.beforeTaxes : originalTax
        var afterTaxes = beforeTaxes + followingTax
        if let limit = minimum?.afterTaxes { afterTaxes = max(afterTaxes, limit) }
        if let limit = maximum?.afterTaxes { afterTaxes = min(afterTaxes, limit) }
        // Taxes are never negative, whatever limits a tariff combines.
        let tax = max(afterTaxes - beforeTaxes, 0)

        var limited = ExactPrice(beforeTaxes: beforeTaxes)
        if originalTax != 0 {
            limited.taxes = total.taxes.map {
                ExactPrice.Tax(percentage: $0.percentage, amount: $0.amount * tax / originalTax)
            }
        } else if tax != 0 {
            let percentage = beforeTaxes != 0 ? (tax * 100 / beforeTaxes).reported : nil
            limited.taxes = [ExactPrice.Tax(percentage: percentage, amount: tax)]
        }
        return limited
    }
}
