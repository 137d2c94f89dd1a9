#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When a TariffElement is active: all set restrictions must match (a logical AND), moment by moment during a
/// session, not once for the whole session. Times and dates are the Location's local time.
public struct TariffRestrictions: Codable, Sendable, Hashable {
    /// `HH:MM`, local, inclusive.
    public var startTime: String?
    /// `HH:MM`, local, exclusive; before `start_time` wraps past midnight; `00:00` is the end of the day.
    public var endTime: String?
    /// `YYYY-MM-DD`, local, inclusive.
    public var startDate: String?
    /// `YYYY-MM-DD`, local, exclusive.
    public var endDate: String?
    /// kWh consumed in the session so far: from (inclusive), until (exclusive).
    public var minKWh: Decimal?
    public var maxKWh: Decimal?
    /// Amperes summed over the phases: active at or above the minimum, below the maximum.
    public var minCurrent: Decimal?
    public var maxCurrent: Decimal?
    /// kW: active at or above the minimum, below the maximum.
    public var minPower: Decimal?
    public var maxPower: Decimal?
    /// Seconds since the session started: from (inclusive), until (exclusive). OCPI ints.
    public var minDuration: Int?
    public var maxDuration: Int?
    public var dayOfWeek: [DayOfWeek]?
    /// Present: the element prices a reservation (only FLAT and TIME components).
    public var reservation: ReservationRestrictionType?

    public init(
        startTime: String? = nil, endTime: String? = nil, startDate: String? = nil, endDate: String? = nil,
        minKWh: Decimal? = nil, maxKWh: Decimal? = nil, minCurrent: Decimal? = nil, maxCurrent: Decimal? = nil,
        minPower: Decimal? = nil, maxPower: Decimal? = nil, minDuration: Int? = nil, maxDuration: Int? = nil,
        dayOfWeek: [DayOfWeek]? = nil, reservation: ReservationRestrictionType? = nil
    ) {
        self.startTime = startTime
        self.endTime = endTime
        self.startDate = startDate
        self.endDate = endDate
        self.minKWh = minKWh
        self.maxKWh = maxKWh
        self.minCurrent = minCurrent
        self.maxCurrent = maxCurrent
        self.minPower = minPower
        self.maxPower = maxPower
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.dayOfWeek = dayOfWeek
        self.reservation = reservation
    }

    enum CodingKeys: String, CodingKey {
        case startTime = "start_time"
        case endTime = "end_time"
        case startDate = "start_date"
        case endDate = "end_date"
        case minKWh = "min_kwh"
        case maxKWh = "max_kwh"
        case minCurrent = "min_current"
        case maxCurrent = "max_current"
        case minPower = "min_power"
        case maxPower = "max_power"
        case minDuration = "min_duration"
        case maxDuration = "max_duration"
        case dayOfWeek = "day_of_week"
        case reservation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startTime = try container.decodeIfPresent(String.self, forKey: .startTime)
        endTime = try container.decodeIfPresent(String.self, forKey: .endTime)
        startDate = try container.decodeIfPresent(String.self, forKey: .startDate)
        endDate = try container.decodeIfPresent(String.self, forKey: .endDate)
        minKWh = try container.decodeIfPresent(Decimal.self, forKey: .minKWh)
        maxKWh = try container.decodeIfPresent(Decimal.self, forKey: .maxKWh)
        minCurrent = try container.decodeIfPresent(Decimal.self, forKey: .minCurrent)
        maxCurrent = try container.decodeIfPresent(Decimal.self, forKey: .maxCurrent)
        minPower = try container.decodeIfPresent(Decimal.self, forKey: .minPower)
        maxPower = try container.decodeIfPresent(Decimal.self, forKey: .maxPower)
        minDuration = try container.decodeIntegerIfPresent(forKey: .minDuration)
        maxDuration = try container.decodeIntegerIfPresent(forKey: .maxDuration)
        dayOfWeek = try container.decodeIfPresent([DayOfWeek].self, forKey: .dayOfWeek)
        reservation = try container.decodeIfPresent(ReservationRestrictionType.self, forKey: .reservation)
    }
}
