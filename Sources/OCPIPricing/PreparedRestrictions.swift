#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// A TariffRestrictions parsed once per tariff, so that checking a period is a handful of comparisons. (The
/// `reservation` restriction is not here: `PreparedTariff` sorts elements by it.)
///
/// The rules (all set restrictions must hold; see `matches`):
/// - start_time inclusive, end_time exclusive, in local time; end before start wraps past midnight; an end of
///   `00:00` is the end of the day; start equal to end is the whole day.
/// - start_date inclusive, end_date exclusive, on the local calendar day.
/// - day_of_week on the local day; an empty list restricts nothing.
/// - min_kwh inclusive, max_kwh exclusive, on the energy consumed in the session before the period.
/// - min_duration inclusive, max_duration exclusive, on the time from the session's start to the period's start.
/// - min_power and min_current need the element to hold for the whole period, so they compare the period's
///   MIN_POWER / MIN_CURRENT; max_power and max_current compare MAX_POWER / MAX_CURRENT. A period reporting only one
///   of the pair uses that one for both. Power falls back to the period's average (ENERGY over its length); current
///   has no fallback. With no reading at all, a power or current restriction does not match.
/// - A restriction whose text cannot be read (a bad time or date, which validation refuses anyway) never matches.
struct PreparedRestrictions: Sendable {
    var startMinute: Int?
    var endMinute: Int?
    var startDay: Int64?
    var endDay: Int64?
    var minKWh: Decimal?
    var maxKWh: Decimal?
    var minCurrent: Decimal?
    var maxCurrent: Decimal?
    var minPower: Decimal?
    var maxPower: Decimal?
    var minDurationMillis: Int64?
    var maxDurationMillis: Int64?
    /// Bit n set: weekday n (Monday = 0) allowed. 0: any day.
    var weekdays: UInt8 = 0
    /// Set when a restriction could not be read: the element never applies.
    var unreadable = false

    init(_ restrictions: TariffRestrictions?) {
        guard let restrictions else { return }
        if let text = restrictions.startTime {
            if let time = TimeOfDay(text) { startMinute = time.minutes } else { unreadable = true }
        }
        if let text = restrictions.endTime {
            // 00:00 as an end is the end of the day.
            if let time = TimeOfDay(text) {
                endMinute = time.minutes == 0 ? 1440 : time.minutes
            } else {
                unreadable = true
            }
        }
        if let text = restrictions.startDate {
            if let date = CalendarDate(text) { startDay = date.days } else { unreadable = true }
        }
        if let text = restrictions.endDate {
            if let date = CalendarDate(text) { endDay = date.days } else { unreadable = true }
        }
        minKWh = restrictions.minKWh
        maxKWh = restrictions.maxKWh
        minCurrent = restrictions.minCurrent
        maxCurrent = restrictions.maxCurrent
        minPower = restrictions.minPower
        maxPower = restrictions.maxPower
        minDurationMillis = restrictions.minDuration.map { Int64($0) * 1000 }
        maxDurationMillis = restrictions.maxDuration.map { Int64($0) * 1000 }
        for day in restrictions.dayOfWeek ?? [] {
            switch day {
            case .monday: weekdays |= 1
            case .tuesday: weekdays |= 2
            case .wednesday: weekdays |= 4
            case .thursday: weekdays |= 8
            case .friday: weekdays |= 16
            case .saturday: weekdays |= 32
            case .sunday: weekdays |= 64
            default: unreadable = true
            }
        }
    }

    /// Whether checking needs the period's local time.
    var needsLocalTime: Bool {
        startMinute != nil || endMinute != nil || startDay != nil || endDay != nil || weekdays != 0
    }

    func matches(_ facts: PeriodFacts) -> Bool {
        if unreadable { return false }
        if needsLocalTime {
            guard let local = facts.local else { return false }
            if !matchesTime(local.minuteOfDay) { return false }
            if let startDay, local.day < startDay { return false }
            if let endDay, local.day >= endDay { return false }
            if weekdays != 0, weekdays & (1 << UInt8(local.weekday)) == 0 { return false }
        }
        if let minKWh, facts.energyBefore < minKWh { return false }
        if let maxKWh, facts.energyBefore >= maxKWh { return false }
        if let minDurationMillis, facts.sinceSessionStartMillis < minDurationMillis { return false }
        if let maxDurationMillis, facts.sinceSessionStartMillis >= maxDurationMillis { return false }
        if minPower != nil || maxPower != nil {
            let fallback = facts.minPower == nil && facts.maxPower == nil ? facts.averagePower : nil
            if let minPower {
                guard let power = facts.minPower ?? facts.maxPower ?? fallback, power >= minPower else { return false }
            }
            if let maxPower {
                guard let power = facts.maxPower ?? facts.minPower ?? fallback, power < maxPower else { return false }
            }
        }
        if let minCurrent {
            guard let current = facts.minCurrent ?? facts.maxCurrent, current >= minCurrent else { return false }
        }
        if let maxCurrent {
            guard let current = facts.maxCurrent ?? facts.minCurrent, current < maxCurrent else { return false }
        }
        return true
    }

    private func matchesTime(_ minute: Int) -> Bool {
        switch (startMinute, endMinute) {
        case (nil, nil): return true
        case (let start?, nil): return minute >= start
        case (nil, let end?): return minute < end
        case (let start?, let end?):
            // start < end: within the day. Otherwise the window wraps past midnight (start == end: all day).
            return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end)
        }
    }
}
