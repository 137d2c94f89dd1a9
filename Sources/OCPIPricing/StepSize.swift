#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// What `step_size` needs to know about one dimension over a session: how much of it components priced, and which
/// component priced its last period.
///
/// The spec's rule (CDR chapter, "step_size", and the Tariffs chapter's "switching to different Tariff Element"
/// examples): step_size counts once per session, on the session's total, never per period or per element switch;
/// once for ENERGY, and once for TIME and PARKING_TIME together, where the rounding goes to whichever of the two
/// was priced last (charging followed by parking rounds only the parking). The step size is that of the last
/// component that priced the dimension, and the rounded-up extra is billed at that component's price, as part of
/// the last period it priced. Periods no element priced (free) do not count. RESERVATION_TIME is rounded the same
/// way, on its own.
struct StepTracker {
    /// The component that priced the last period with a positive quantity, and that period.
    var last: PriceSource?
    var lastPeriod = -1
    var lastStart: DateTime?

    mutating func record(_ quantity: Decimal, by source: PriceSource, period: Int, start: DateTime) {
        guard quantity.isPositive else { return }
        last = source
        lastPeriod = period
        lastStart = start
    }

    /// The quantity step_size adds to `billed`, the quantity components priced over the session (kWh or hours): that
    /// total rounded up to a whole number of steps, minus the total. `baseUnitsPerUnit` converts the dimension's unit
    /// to the step's (1000 Wh per kWh, 3600 s per hour).
    ///
    /// A step size of 0 means no rounding at all. Before rounding up, the total is taken to a thousandth of the
    /// step's unit (1 mWh, 1 ms): volumes sent in hours cannot state 10 minutes exactly (0.1666666667 h), and
    /// without this a rounding error in the 10th decimal would bill a whole extra step.
    func extra(billed: Decimal, baseUnitsPerUnit: Decimal) -> Decimal {
        guard let last, last.stepSize > 0, billed.isPositive else { return 0 }
        let step = Decimal(last.stepSize)
        let base = billed * baseUnitsPerUnit
        let steps = (base.roundedHalfAwayFromZero(scale: 3) / step).ceiling
        let rounded = steps * step
        guard rounded > base.roundedHalfAwayFromZero(scale: 3) else { return 0 }
        return (rounded - base) / baseUnitsPerUnit
    }
}
