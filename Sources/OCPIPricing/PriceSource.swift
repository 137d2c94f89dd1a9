#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// The price component that prices a dimension, with where it sits in the tariff (for the breakdown).
struct PriceSource: Sendable {
    /// Index into `Tariff.elements`.
    var element: Int
    /// Index into that element's `price_components`.
    var component: Int
    var price: Decimal
    var vat: Decimal?
    var stepSize: Int
    /// Which of the tariff's distinct VAT rates `vat` is (`TaxLedger` sums by it); nil without VAT.
    var rate: Int?
}
