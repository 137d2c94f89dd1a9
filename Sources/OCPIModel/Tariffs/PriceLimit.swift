#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Tariff's `min_price` or `max_price`. 2.3.0 calls it PriceLimit (`before_taxes`, `after_taxes`); 2.2.1 uses its
/// Price (`excl_vat`, `incl_vat`) with the same meaning. Decoding accepts either shape and remembers which it read
/// (validation refuses the other version's); encoding writes the shape of `wire`.
public struct PriceLimit: Codable, Sendable, Hashable {
    /// The shape on the wire.
    public enum Wire: Sendable, Hashable {
        /// `before_taxes`, `after_taxes`: 2.3.0, and how tariffs are stored.
        case priceLimit
        /// `excl_vat`, `incl_vat`: 2.2.1's Price.
        case price221
    }

    public var beforeTaxes: Decimal
    public var afterTaxes: Decimal?
    public var wire: Wire

    public init(beforeTaxes: Decimal, afterTaxes: Decimal? = nil, wire: Wire = .priceLimit) {
        self.beforeTaxes = beforeTaxes
        self.afterTaxes = afterTaxes
        self.wire = wire
    }

    enum CodingKeys: String, CodingKey {
        case beforeTaxes = "before_taxes"
        case afterTaxes = "after_taxes"
        case exclVAT = "excl_vat"
        case inclVAT = "incl_vat"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.exclVAT), !container.contains(.beforeTaxes) {
            wire = .price221
            beforeTaxes = try container.decode(Decimal.self, forKey: .exclVAT)
            afterTaxes = try container.decodeIfPresent(Decimal.self, forKey: .inclVAT)
        } else {
            wire = .priceLimit
            beforeTaxes = try container.decode(Decimal.self, forKey: .beforeTaxes)
            afterTaxes = try container.decodeIfPresent(Decimal.self, forKey: .afterTaxes)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch wire {
        case .priceLimit:
            try container.encode(beforeTaxes, forKey: .beforeTaxes)
            try container.encodeIfPresent(afterTaxes, forKey: .afterTaxes)
        case .price221:
            try container.encode(beforeTaxes, forKey: .exclVAT)
            try container.encodeIfPresent(afterTaxes, forKey: .inclVAT)
        }
    }

    /// This limit in the shape `version` uses.
    public func rendered(for version: VersionNumber) -> PriceLimit {
        var copy = self
        copy.wire = version >= .v2_3_0 ? .priceLimit : .price221
        return copy
    }
}
