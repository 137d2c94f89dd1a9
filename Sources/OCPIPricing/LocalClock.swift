import OCPIModel

/// A moment as the Location's wall clock and calendar show it: what start_time, end_time, start_date, end_date and
/// day_of_week compare against.
public struct LocalTime: Sendable, Hashable {
    /// The local calendar day, as days since 1970-01-01 (the same count `CalendarDate.days` uses).
    public var day: Int64
    /// Minutes since local midnight, 0 ..< 1440.
    public var minuteOfDay: Int
    /// 0 for Monday through 6 for Sunday.
    public var weekday: Int

    public init(day: Int64, minuteOfDay: Int, weekday: Int) {
        self.day = day
        self.minuteOfDay = minuteOfDay
        self.weekday = weekday
    }
}

/// Turns UTC instants into the Location's local time, using the offset in force at each instant, so a restriction
/// such as 02:00–03:00 or SUNDAY reads the clock on the wall even on the nights daylight saving time starts or ends.
public struct LocalClock: Sendable {
    public let offsets: any UTCOffsets

    public init(_ offsets: any UTCOffsets) {
        self.offsets = offsets
    }

    public func localTime(at instant: DateTime) -> LocalTime {
        let local = instant.millisecondsSinceEpoch + Int64(offsets.secondsFromUTC(at: instant)) * 1000
        let (quotient, remainder) = local.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, millis) = remainder < 0 ? (quotient - 1, remainder + 86_400_000) : (quotient, remainder)
        // 1970-01-01 was a Thursday: weekday 3 when Monday is 0.
        let weekday = Int(((day % 7) + 7 + 3) % 7)
        return LocalTime(day: day, minuteOfDay: Int(millis / 60_000), weekday: weekday)
    }
}
