import CivilTime
import Testing

/// Day numbers count from 1970-01-01 in the proleptic Gregorian calendar, across the whole range OCPI dates use
/// (years 1900 to 9999) and beyond, without Foundation's `Calendar`.
@Suite struct CivilCalendarTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (1970, 1, 2, 1), (1969, 12, 31, -1), (2000, 3, 1, 11_017), (1900, 1, 1, -25_567),
        (2024, 2, 29, 19_782), (9999, 12, 31, 2_932_896), (1600, 2, 29, -135_081),
    ] as [(Int64, Int64, Int64, Int64)])
    func knownDatesHaveKnownDayNumbers(year: Int64, month: Int64, day: Int64, days: Int64) {
        #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
        let back = CivilCalendar.date(fromDays: days)
        #expect(back.year == year && back.month == month && back.day == day)
    }

    /// Walking day by day from 1899-12-31 to 2100-01-01, each date follows the one before by exactly one day, and
    /// month lengths agree with `daysIn`.
    @Test func consecutiveDaysAreConsecutiveDates() {
        var previous = CivilCalendar.date(fromDays: CivilCalendar.days(year: 1899, month: 12, day: 31))
        for days in (CivilCalendar.days(year: 1900, month: 1, day: 1))...(CivilCalendar.days(year: 2100, month: 1, day: 1)) {
            let date = CivilCalendar.date(fromDays: days)
            if date.day == 1 {
                #expect(previous.day == CivilCalendar.daysIn(month: previous.month, year: previous.year), "\(previous) then \(date)")
                #expect(date.month == previous.month % 12 + 1)
                #expect(date.year == previous.year + (date.month == 1 ? 1 : 0), "\(previous) then \(date)")
            } else {
                #expect(date.day == previous.day + 1 && date.month == previous.month && date.year == previous.year)
            }
            #expect(CivilCalendar.days(year: date.year, month: date.month, day: date.day) == days)
            previous = date
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CivilCalendar.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 2023) == 28)
        #expect(CivilCalendar.daysIn(month: 2, year: 1900) == 28, "divisible by 100, not by 400")
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29, "divisible by 400")
        #expect(CivilCalendar.daysIn(month: 4, year: 2024) == 30)
        #expect(CivilCalendar.daysIn(month: 12, year: 2024) == 31)
    }
}
