/// A group of price components that apply under the same restrictions. Each dimension is looked up on its own: an
/// element can price energy for a moment while an earlier one prices time.
public struct TariffElement: Codable, Sendable, Hashable {
    /// At least one.
    public var priceComponents: [PriceComponent]
    public var restrictions: TariffRestrictions?

    public init(priceComponents: [PriceComponent], restrictions: TariffRestrictions? = nil) {
        self.priceComponents = priceComponents
        self.restrictions = restrictions
    }

    enum CodingKeys: String, CodingKey {
        case priceComponents = "price_components"
        case restrictions
    }
}
