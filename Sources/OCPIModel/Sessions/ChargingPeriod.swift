#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stretch of a Session or CDR during which one set of tariff rules applies. The CPO starts a new one at every
/// moment relevant to the price (a time-of-day boundary, a power change, parking starting); it lasts until the next
/// one starts, and the last until the session ends.
public struct ChargingPeriod: Codable, Sendable, Hashable {
    public var startDateTime: DateTime
    /// At least one.
    public var dimensions: [CdrDimension]
    /// The Tariff relevant to this period, CiString(36). Optional on the wire.
    public var tariffID: String?

    public init(startDateTime: DateTime, dimensions: [CdrDimension], tariffID: String? = nil) {
        self.startDateTime = startDateTime
        self.dimensions = dimensions
        self.tariffID = tariffID
    }

    enum CodingKeys: String, CodingKey {
        case startDateTime = "start_date_time"
        case dimensions
        case tariffID = "tariff_id"
    }

    /// The volume of the first dimension of `type`; nil when the period does not report it.
    public func volume(of type: CdrDimensionType) -> Decimal? {
        dimensions.first { $0.type == type }?.volume
    }
}
