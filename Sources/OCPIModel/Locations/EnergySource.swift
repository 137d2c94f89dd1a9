#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One source's share of an EnergyMix. `Decimal` keeps the number exactly as written.
public struct EnergySource: Codable, Sendable, Hashable {
    public var source: EnergySourceCategory
    /// 0…100.
    public var percentage: Decimal

    public init(source: EnergySourceCategory, percentage: Decimal) {
        self.source = source
        self.percentage = percentage
    }
}
