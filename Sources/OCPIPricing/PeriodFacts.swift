#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// What restrictions are checked against for one charging period: the state of the session when the period starts
/// (the CPO starts a new period at every moment relevant to the price, so the start speaks for the whole period),
/// plus the readings the period reports.
struct PeriodFacts {
    var start: DateTime
    /// Wall-clock length of the period in milliseconds; nil when its end is unknown (the last period of an ongoing
    /// session).
    var lengthMillis: Int64?
    /// Milliseconds from the session's start to this period's start (min_duration, max_duration).
    var sinceSessionStartMillis: Int64
    /// kWh consumed in the session before this period (min_kwh, max_kwh).
    var energyBefore: Decimal
    /// Local wall-clock time at `start`; filled in only when some element has a time, date or day restriction.
    var local: LocalTime?

    // Volumes of this period (0 when not reported).
    var energy: Decimal = 0
    var time: Decimal = 0
    var parking: Decimal = 0
    var reservation: Decimal = 0
    var reportsEnergy = false
    var reportsReservation = false

    // Readings of this period.
    var minPower: Decimal?
    var maxPower: Decimal?
    var minCurrent: Decimal?
    var maxCurrent: Decimal?

    init(start: DateTime, lengthMillis: Int64?, sinceSessionStartMillis: Int64, energyBefore: Decimal) {
        self.start = start
        self.lengthMillis = lengthMillis
        self.sinceSessionStartMillis = sinceSessionStartMillis
        self.energyBefore = energyBefore
    }

    /// Reads the dimensions of `period` in one pass. A dimension reported twice counts once (the first), as
    /// `ChargingPeriod.volume(of:)` reads it.
    mutating func read(_ dimensions: [CdrDimension]) {
        var seen: UInt16 = 0
        for dimension in dimensions {
            let bit: UInt16
            switch dimension.type.rawValue {
            case "ENERGY": bit = 1
            case "TIME": bit = 2
            case "PARKING_TIME": bit = 4
            case "RESERVATION_TIME": bit = 8
            case "MIN_POWER": bit = 16
            case "MAX_POWER": bit = 32
            case "MIN_CURRENT": bit = 64
            case "MAX_CURRENT": bit = 128
            default: continue
            }
            guard seen & bit == 0 else { continue }
            seen |= bit
            let volume = dimension.volume
            switch bit {
            case 1: energy = volume; reportsEnergy = true
            case 2: time = volume
            case 4: parking = volume
            case 8: reservation = volume; reportsReservation = true
            case 16: minPower = volume
            case 32: maxPower = volume
            case 64: minCurrent = volume
            default: maxCurrent = volume
            }
        }
    }

    /// True when the period consumed something of the charging session proper (energy, charging or parking time).
    var hasChargingVolume: Bool { energy.isPositive || time.isPositive || parking.isPositive }

    /// The period's average power in kW, from its energy and wall-clock length; nil when either is unknown.
    var averagePower: Decimal? {
        guard reportsEnergy, let lengthMillis, lengthMillis > 0 else { return nil }
        return energy * 3_600_000 / Decimal(lengthMillis)
    }
}
