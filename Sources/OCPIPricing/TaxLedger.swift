#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// An exact cost before it is reported: the amount before taxes and each tax, by rate.
struct ExactPrice {
    struct Tax {
        /// nil for a tax whose rate is unknown (one derived from a price limit's after_taxes).
        var percentage: Decimal?
        var amount: Decimal
    }

    var beforeTaxes: Decimal = 0
    var taxes: [Tax] = []

    var taxTotal: Decimal {
        var total: Decimal = 0
        for tax in taxes { total += tax.amount }
        return total
    }

    var afterTaxes: Decimal { beforeTaxes + taxTotal }

    /// As reported (see `PricedSession`): taxes named "VAT" (the tariff's `vat` is the only tax it knows), ordered by
    /// rate, each rounded. The amount before taxes is rounded too, except for prices that include taxes: there the
    /// amount after taxes is the one the driver was shown, so it is rounded and the amount before taxes is what
    /// remains after the rounded taxes.
    func reported(_ treatment: TaxTreatment) -> Price {
        let reportedTaxes = taxes.map { TaxAmount(name: "VAT", percentage: $0.percentage, amount: $0.amount.reported) }
        guard treatment == .inclusive else { return Price(beforeTaxes: beforeTaxes.reported, taxes: reportedTaxes) }
        var remainder = afterTaxes.reported
        for tax in reportedTaxes { remainder -= tax.amount }
        return Price(beforeTaxes: remainder, taxes: reportedTaxes)
    }
}

/// Sums priced amounts, in the tariff's terms, per CDR total and VAT rate, and splits the sums into before-taxes
/// and taxes only when a total is asked for (a total's tax is its sum's tax, not a sum of rounded line taxes).
struct TaxLedger {
    private let rates: TaxRates
    /// Per category, one slot per rate and a last one for amounts without VAT.
    private var amounts: [Decimal]
    private var billed: [Bool]

    init(rates: TaxRates) {
        self.rates = rates
        let slots = PriceCategory.allCases.count * (rates.count + 1)
        amounts = Array(repeating: 0, count: slots)
        billed = Array(repeating: false, count: slots)
    }

    private func slot(_ category: PriceCategory, _ rate: Int?) -> Int {
        category.index * (rates.count + 1) + (rate ?? rates.count)
    }

    mutating func add(_ amount: Decimal, rate: Int?, to category: PriceCategory) {
        let slot = slot(category, rate)
        amounts[slot] += amount
        billed[slot] = true
    }

    /// The exact cost of one CDR total, or of the whole session when `category` is nil. A rate appears as a tax
    /// when something non-zero was billed at it (so 0 % VAT shows when it applied, and a free component's VAT does
    /// not). Taxes come ordered by rate.
    func price(of category: PriceCategory?, _ treatment: TaxTreatment) -> ExactPrice {
        var price = ExactPrice()
        for rate in 0...rates.count {
            var amount: Decimal?
            for candidate in PriceCategory.allCases where category == nil || candidate == category {
                let slot = slot(candidate, rate)
                guard billed[slot] else { continue }
                amount = amount.map { $0 + amounts[slot] } ?? amounts[slot]
            }
            guard let amount else { continue }
            let index = rate < rates.count ? rate : nil
            let (beforeTaxes, tax) = treatment.split(amount, rate: index, rates)
            price.beforeTaxes = price.beforeTaxes.isZero ? beforeTaxes : price.beforeTaxes + beforeTaxes
            if let index, treatment != .notApplicable, !amount.isZero {
                price.taxes.append(ExactPrice.Tax(percentage: rates.percentages[index], amount: tax))
            }
        }
        price.taxes.sort { ($0.percentage ?? 0) < ($1.percentage ?? 0) }
        return price
    }
}

extension PriceCategory {
    /// Position in `allCases`.
    var index: Int {
        switch self {
        case .fixed: 0
        case .energy: 1
        case .time: 2
        case .parking: 3
        case .reservation: 4
        }
    }
}
