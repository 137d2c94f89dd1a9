import Foundation
import OCPIModel
import OCPIPricing
import Testing

/// How long pricing takes. Prints, never asserts: timing depends on the machine, and debug builds are slow; the
/// figure that matters is a release build's (well under a millisecond for 24 periods).
@Suite("Timing")
struct TimingTests {
    /// A day-long session: 24 hourly periods alternating charging and parking, in Amsterdam, against the complex
    /// tariff with time-of-day, weekday and current restrictions and mixed VAT rates.
    static func dayLongSession() -> SessionBuilder {
        var session = SessionBuilder("2026-01-05T06:00:00Z", zone: amsterdam)
        for hour in 0..<24 {
            session = hour % 3 == 2
                ? session.parking(minutes: dec("59.5"))
                : session.charging(minutes: dec("60.25"), kWh: "7.123", [reading(.minCurrent, "16"), reading(.maxCurrent, "\(20 + hour)")])
        }
        return session
    }

    @Test("Pricing a 24-period session: print the time per pricing")
    func twentyFourPeriods() throws {
        let pricer = TariffPricer(tariff: try tariff(ComplexTariffTests.json))
        let input = Self.dayLongSession().input
        var total = Decimal(0)
        for _ in 0..<20 { total += pricer.price(input).totalCost.beforeTaxes }  // warm-up
        let rounds = 500
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds { total += pricer.price(input).totalCost.beforeTaxes }
        }
        let micros = Double(elapsed.components.attoseconds / 1_000_000_000_000 + elapsed.components.seconds * 1_000_000) / Double(rounds)
        print("OCPIPricing: 24 periods priced in \(Int(micros)) µs each (\(rounds) rounds; sum \(total))")
        #expect(pricer.price(input).breakdown.count >= 24)
    }
}
