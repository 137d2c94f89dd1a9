#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// How a tariff's prices relate to taxes, which decides how an amount splits into before-taxes and tax.
///
/// - `exclusive`: 2.2.1 (prices exclude VAT) and 2.3.0 `tax_included` NO. The component's `vat` percent is added on
///   top; a component without `vat` carries no tax (2.2.1: no VAT applies; 2.3.0 North American style: taxes are
///   added later by invoicing, so none is itemised here).
/// - `inclusive`: 2.3.0 `tax_included` YES. The amount includes the component's `vat`; the amount before taxes is
///   amount × 100 / (100 + vat). A component without `vat` includes taxes at a rate the tariff does not state, so
///   its whole amount is reported as before taxes, with no tax itemised.
/// - `notApplicable`: `tax_included` N/A. No tax at all; any `vat` is ignored (validation refuses one).
enum TaxTreatment: Sendable {
    case exclusive
    case inclusive
    case notApplicable

    init(_ taxIncluded: TaxIncluded?) {
        switch taxIncluded {
        case .yes?: self = .inclusive
        case .notApplicable?: self = .notApplicable
        default: self = .exclusive
        }
    }

    /// Splits `amount` (a line's, or a sum of lines at one rate), in the tariff's terms, into the amount before taxes
    /// and the tax at rate number `rate` of `rates`.
    func split(_ amount: Decimal, rate: Int?, _ rates: TaxRates) -> (beforeTaxes: Decimal, tax: Decimal) {
        guard let rate else { return (amount, 0) }
        switch self {
        case .exclusive: return (amount, amount * rates.fractions[rate])
        case .inclusive:
            let beforeTaxes = amount * rates.netShares[rate]
            return (beforeTaxes, amount - beforeTaxes)
        case .notApplicable: return (amount, 0)
        }
    }
}
