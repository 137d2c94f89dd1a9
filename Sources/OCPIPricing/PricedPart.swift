#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// One line of a price breakdown: which element and component priced what quantity of which dimension, at what
/// unit price, for what cost. An operator explaining a price reads these; they are returned as JSON with OCPI-style
/// snake_case keys. Amounts are rounded as `PricedSession` says, so lines may differ from the totals in the last
/// decimal.
public struct PricedPart: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// One dimension of one charging period.
        case period
        /// A flat fee: the session's (charged once, from the first period where an element with one is active) or
        /// the reservation's.
        case flat
        /// What `step_size` rounding added to a dimension's session total, billed with the last period that
        /// dimension was priced in.
        case stepSize = "step_size"
        /// What the tariff's `min_price` added to the session's total.
        case minPrice = "min_price"
        /// What the tariff's `max_price` took off the session's total (negative amounts).
        case maxPrice = "max_price"
    }

    public var kind: Kind
    /// Index into the input's charging periods; nil for a flat fee of a session without periods, and for limits.
    public var period: Int?
    /// That period's start.
    public var startDateTime: DateTime?
    /// The dimension billed: ENERGY, TIME, PARKING_TIME or RESERVATION_TIME; nil for flat fees and limits.
    public var dimension: CdrDimensionType?
    /// The CDR total this line counts in; nil for limits, which change only `total_cost`.
    public var countsIn: PriceCategory?
    /// Index into `Tariff.elements`; nil when no element prices the dimension at that moment (it is then free).
    public var element: Int?
    /// Index into that element's `price_components`.
    public var component: Int?
    /// kWh or hours (1 for a flat fee); nil for limits.
    public var quantity: Decimal?
    /// The component's price, as the tariff states it (including taxes for `tax_included` YES).
    public var unitPrice: Decimal?
    /// The component's VAT percent; nil when none applies.
    public var vat: Decimal?
    /// quantity × unit price, in the tariff's terms.
    public var cost: Decimal
    public var costBeforeTaxes: Decimal
    /// The tax on this line at `vat` percent (0 when none).
    public var tax: Decimal

    public init(
        kind: Kind, period: Int? = nil, startDateTime: DateTime? = nil, dimension: CdrDimensionType? = nil,
        countsIn: PriceCategory? = nil, element: Int? = nil, component: Int? = nil, quantity: Decimal? = nil,
        unitPrice: Decimal? = nil, vat: Decimal? = nil, cost: Decimal, costBeforeTaxes: Decimal, tax: Decimal
    ) {
        self.kind = kind
        self.period = period
        self.startDateTime = startDateTime
        self.dimension = dimension
        self.countsIn = countsIn
        self.element = element
        self.component = component
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.vat = vat
        self.cost = cost
        self.costBeforeTaxes = costBeforeTaxes
        self.tax = tax
    }

    enum CodingKeys: String, CodingKey {
        case kind, period
        case startDateTime = "start_date_time"
        case dimension
        case countsIn = "counts_in"
        case element, component, quantity
        case unitPrice = "unit_price"
        case vat, cost
        case costBeforeTaxes = "cost_before_taxes"
        case tax
    }

    /// The line with every number rounded for reporting (as `ExactPrice.reported` rounds totals).
    func reported(_ treatment: TaxTreatment) -> PricedPart {
        var copy = self
        copy.quantity = quantity?.reported
        copy.cost = cost.reported
        copy.tax = tax.reported
        copy.costBeforeTaxes = treatment == .inclusive && kind != .minPrice && kind != .maxPrice
            ? copy.cost - copy.tax : costBeforeTaxes.reported
        return copy
    }
}
