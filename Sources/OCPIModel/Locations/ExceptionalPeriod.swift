/// A one-off opening or closing, in UTC.
public struct ExceptionalPeriod: Codable, Sendable, Hashable {
    public var periodBegin: DateTime
    public var periodEnd: DateTime

    public init(periodBegin: DateTime, periodEnd: DateTime) {
        self.periodBegin = periodBegin
        self.periodEnd = periodEnd
    }

    enum CodingKeys: String, CodingKey {
        case periodBegin = "period_begin"
        case periodEnd = "period_end"
    }
}
