/// When the EVSEs of a Location can be accessed for charging.
public struct Hours: Codable, Sendable, Hashable {
    /// Open around the clock, apart from `exceptional_closings`.
    public var twentyfourseven: Bool
    /// Only when `twentyfourseven` is false, and then at least one entry.
    public var regularHours: [RegularHours]?
    /// Added to the regular hours; may overlap them.
    public var exceptionalOpenings: [ExceptionalPeriod]?
    /// Override regular hours and openings.
    public var exceptionalClosings: [ExceptionalPeriod]?

    public init(
        twentyfourseven: Bool, regularHours: [RegularHours]? = nil, exceptionalOpenings: [ExceptionalPeriod]? = nil,
        exceptionalClosings: [ExceptionalPeriod]? = nil
    ) {
        self.twentyfourseven = twentyfourseven
        self.regularHours = regularHours
        self.exceptionalOpenings = exceptionalOpenings
        self.exceptionalClosings = exceptionalClosings
    }

    enum CodingKeys: String, CodingKey {
        case twentyfourseven
        case regularHours = "regular_hours"
        case exceptionalOpenings = "exceptional_openings"
        case exceptionalClosings = "exceptional_closings"
    }
}
