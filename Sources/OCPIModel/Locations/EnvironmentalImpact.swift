#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Waste or emission per kWh of an EnergyMix.
public struct EnvironmentalImpact: Codable, Sendable, Hashable {
    public var category: EnvironmentalImpactCategory
    /// g/kWh.
    public var amount: Decimal

    public init(category: EnvironmentalImpactCategory, amount: Decimal) {
        self.category = category
        self.amount = amount
    }
}
