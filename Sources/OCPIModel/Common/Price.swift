#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One tax due on a Price: 2.3.0 itemises taxes (a VAT rate, or Canada's GST and QST side by side).
public struct TaxAmount: Codable, Sendable, Hashable {
    /// Such as "VAT", or "QST" where the law names the tax.
    public var name: String
    /// The tax account number of the business remitting the tax, where the law asks for it.
    public var accountNumber: String?
    /// Percent; optional because not every country states it.
    public var percentage: Decimal?
    /// The money due for this tax.
    public var amount: Decimal

    public init(name: String, accountNumber: String? = nil, percentage: Decimal? = nil, amount: Decimal) {
        self.name = name
        self.accountNumber = accountNumber
        self.percentage = percentage
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case name
        case accountNumber = "account_number"
        case percentage, amount
    }
}

/// A cost in a Session or CDR. Kept as 2.3.0 has it (the amount before taxes and each tax), because 2.2.1's shape
/// (`excl_vat`, `incl_vat`) follows from it and not the other way round. Decoding accepts either shape and
/// remembers which it read; encoding writes the shape of `wire` (see `rendered(for:)`).
public struct Price: Codable, Sendable, Hashable {
    /// The shape on the wire.
    public enum Wire: Sendable, Hashable {
        /// `before_taxes`, `taxes`: 2.3.0, and how costs are kept.
        case price230
        /// `excl_vat`, `incl_vat`: 2.2.1.
        case price221
    }

    public var beforeTaxes: Decimal
    /// Empty when no tax applies or none is known yet (2.3.0 leaves North American taxes to invoicing).
    public var taxes: [TaxAmount]
    public var wire: Wire

    public init(beforeTaxes: Decimal, taxes: [TaxAmount] = [], wire: Wire = .price230) {
        self.beforeTaxes = beforeTaxes
        self.taxes = taxes
        self.wire = wire
    }

    /// No cost at all.
    public static let zero = Price(beforeTaxes: 0)

    /// The amount after every tax: 2.2.1's `incl_vat`.
    public var afterTaxes: Decimal {
        var total = beforeTaxes
        for tax in taxes { total += tax.amount }
        return total
    }

    enum CodingKeys: String, CodingKey {
        case beforeTaxes = "before_taxes"
        case taxes
        case exclVAT = "excl_vat"
        case inclVAT = "incl_vat"
    }

    /// A 2.2.1 Price carries VAT only as a sum, so it becomes one tax named "VAT" without a percentage (none when
    /// `incl_vat` is absent or equals `excl_vat`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.exclVAT), !container.contains(.beforeTaxes) {
            wire = .price221
            beforeTaxes = try container.decode(Decimal.self, forKey: .exclVAT)
            let inclVAT = try container.decodeIfPresent(Decimal.self, forKey: .inclVAT)
            if let inclVAT, inclVAT != beforeTaxes {
                taxes = [TaxAmount(name: "VAT", amount: inclVAT - beforeTaxes)]
            } else {
                taxes = []
            }
        } else {
            wire = .price230
            beforeTaxes = try container.decode(Decimal.self, forKey: .beforeTaxes)
            taxes = try container.decodeIfPresent([TaxAmount].self, forKey: .taxes) ?? []
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch wire {
        case .price230:
            try container.encode(beforeTaxes, forKey: .beforeTaxes)
            if !taxes.isEmpty { try container.encode(taxes, forKey: .taxes) }
        case .price221:
            try container.encode(beforeTaxes, forKey: .exclVAT)
            try container.encode(afterTaxes, forKey: .inclVAT)
        }
    }

    /// This cost in the shape `version` uses.
    public func rendered(for version: VersionNumber) -> Price {
        var copy = self
        copy.wire = version >= .v2_3_0 ? .price230 : .price221
        return copy
    }
}
