/// A planned status of an EVSE, for trip planning only: the real change still needs a push of `status`.
public struct StatusSchedule: Codable, Sendable, Hashable {
    public var periodBegin: DateTime
    /// Open-ended when nil.
    public var periodEnd: DateTime?
    public var status: EVSEStatus

    public init(periodBegin: DateTime, periodEnd: DateTime? = nil, status: EVSEStatus) {
        self.periodBegin = periodBegin
        self.periodEnd = periodEnd
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case periodBegin = "period_begin"
        case periodEnd = "period_end"
        case status
    }
}
