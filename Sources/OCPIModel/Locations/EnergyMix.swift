/// Where the energy at a Location comes from and what it leaves behind (also used by Tariffs).
public struct EnergyMix: Codable, Sendable, Hashable {
    /// True when 100 % comes from regenerative sources.
    public var isGreenEnergy: Bool
    public var energySources: [EnergySource]?
    public var environImpact: [EnvironmentalImpact]?
    /// string(64).
    public var supplierName: String?
    /// string(64).
    public var energyProductName: String?

    public init(
        isGreenEnergy: Bool, energySources: [EnergySource]? = nil, environImpact: [EnvironmentalImpact]? = nil,
        supplierName: String? = nil, energyProductName: String? = nil
    ) {
        self.isGreenEnergy = isGreenEnergy
        self.energySources = energySources
        self.environImpact = environImpact
        self.supplierName = supplierName
        self.energyProductName = energyProductName
    }

    enum CodingKeys: String, CodingKey {
        case isGreenEnergy = "is_green_energy"
        case energySources = "energy_sources"
        case environImpact = "environ_impact"
        case supplierName = "supplier_name"
        case energyProductName = "energy_product_name"
    }
}
