#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How consuming one dimension turns into money: a price per unit (kWh, hour, or the flat fee itself), billed in
/// blocks of `step_size` units of its multiplier (1 Wh, 1 s).
public struct PriceComponent: Codable, Sendable, Hashable {
    public var type: TariffDimensionType
    /// Per unit: excluding VAT in 2.2.1; in 2.3.0 including or excluding taxes as the Tariff's `tax_included` says.
    public var price: Decimal
    /// Percent. Omitted means no VAT applies, which is not the same as 0.
    public var vat: Decimal?
    /// Blocks of 1 Wh (ENERGY) or 1 s (TIME, PARKING_TIME); meaningless for FLAT. An OCPI int.
    public var stepSize: Int

    public init(type: TariffDimensionType, price: Decimal, vat: Decimal? = nil, stepSize: Int) {
        self.type = type
        self.price = price
        self.vat = vat
        self.stepSize = stepSize
    }

    enum CodingKeys: String, CodingKey {
        case type, price, vat
        case stepSize = "step_size"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(TariffDimensionType.self, forKey: .type)
        price = try container.decode(Decimal.self, forKey: .price)
        vat = try container.decodeIfPresent(Decimal.self, forKey: .vat)
        stepSize = try container.decodeInteger(forKey: .stepSize)
    }
}
