/// A weekly recurring period, in the Location's local time.
public struct RegularHours: Codable, Sendable, Hashable {
    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// `HH:MM`, 24 h with leading zeros.
    public var periodBegin: String
    /// `HH:MM`, later than `periodBegin`.
    public var periodEnd: String

    public init(weekday: Int, periodBegin: String, periodEnd: String) {
        self.weekday = weekday
        self.periodBegin = periodBegin
        self.periodEnd = periodEnd
    }

    enum CodingKeys: String, CodingKey {
        case weekday
        case periodBegin = "period_begin"
        case periodEnd = "period_end"
    }

    /// Reads `weekday` as an OCPI int, so that `1.5` is reported with its path.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        weekday = try container.decodeInteger(forKey: .weekday)
        periodBegin = try container.decode(String.self, forKey: .periodBegin)
        periodEnd = try container.decode(String.self, forKey: .periodEnd)
    }
}
