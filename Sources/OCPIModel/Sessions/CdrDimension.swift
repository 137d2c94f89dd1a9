#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One measured value of a ChargingPeriod. Volumes are exact decimals because they are what gets billed.
public struct CdrDimension: Codable, Sendable, Hashable {
    public var type: CdrDimensionType
    /// In the unit of `type`: kWh, hours, kW, A or percent.
    public var volume: Decimal

    public init(type: CdrDimensionType, volume: Decimal) {
        self.type = type
        self.volume = volume
    }
}
