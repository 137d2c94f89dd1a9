import CivilTime

/// A TariffRestrictions time of day, `HH:MM` in 24-hour form: minutes since local midnight.
public struct TimeOfDay: Sendable, Hashable, Comparable {
    /// 0 ..< 1440.
    public var minutes: Int

    public init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 5, scalars[2] == ":",
              let hours = Self.number(scalars[0...1]), let minutes = Self.number(scalars[3...4]),
              hours < 24, minutes < 60 else { return nil }
        self.minutes = hours * 60 + minutes
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    static func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int? {
        var value = 0
        for digit in digits {
            guard ("0"..."9").contains(digit) else { return nil }
            value = value * 10 + Int(digit.value - 48)
        }
        return value
    }
}

/// A TariffRestrictions date, `YYYY-MM-DD`: a local calendar day.
public struct CalendarDate: Sendable, Hashable, Comparable {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    public var days: Int64

    public init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-",
              let year = TimeOfDay.number(scalars[0...3]), let month = TimeOfDay.number(scalars[5...6]),
              let day = TimeOfDay.number(scalars[8...9]),
              (1...12).contains(month), day >= 1,
              Int64(day) <= CivilCalendar.daysIn(month: Int64(month), year: Int64(year)) else { return nil }
        days = CivilCalendar.days(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    public init(days: Int64) {
        self.days = days
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.days < rhs.days }
}
