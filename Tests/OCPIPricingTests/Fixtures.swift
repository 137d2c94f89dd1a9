import Foundation
import OCPIModel
import OCPIPricing

// Helpers shared by the pricing tests: exact decimals from text, tariffs from JSON, and sessions built period by
// period. Money is written as text because a Decimal made from a floating-point literal is not exact.

/// An exact decimal.
func dec(_ text: String) -> Decimal {
    guard let value = Decimal(string: text) else { fatalError("not a decimal: \(text)") }
    return value
}

/// An instant, `2026-01-05T09:30:00Z`.
func at(_ text: String) -> DateTime {
    guard let value = DateTime(text) else { fatalError("not a date-time: \(text)") }
    return value
}

/// A tariff decoded from OCPI JSON, as a peer or the spec writes it.
func tariff(_ json: String) throws -> Tariff {
    try OCPIJSON.decoder.decode(Tariff.self, from: Data(json.utf8))
}

/// The 2.2.1 form of a 2.3.0 spec example that differs only by `tax_included` (2.2.1 has no such field).
func as2_2_1(_ json: String) -> String {
    json.replacingOccurrences(of: "\"tax_included\": \"NO\",", with: "")
}

/// A Price with VAT lines, written as text: `price("9.00", vat: [("10", "0.375"), ("15", "0.375")])`.
func price(_ beforeTaxes: String, vat: [(String, String)] = []) -> Price {
    Price(
        beforeTaxes: dec(beforeTaxes),
        taxes: vat.map { TaxAmount(name: "VAT", percentage: dec($0.0), amount: dec($0.1)) })
}

/// Amsterdam, for daylight saving time.
let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!

/// Central European (winter) time, a fixed offset for the spec's German examples.
let cet = FixedUTCOffset(seconds: 3600)

/// A session built period by period: each step starts a period where the previous one ended.
struct SessionBuilder {
    var start: DateTime
    var cursor: DateTime
    var periods: [ChargingPeriod] = []
    var zone: any UTCOffsets

    init(_ start: String, zone: any UTCOffsets = FixedUTCOffset.utc) {
        self.start = at(start)
        cursor = self.start
        self.zone = zone
    }

    /// Adds a period of `minutes` with these dimensions, and moves on.
    func period(minutes: Decimal, _ dimensions: [CdrDimension], tariffID: String? = nil) -> SessionBuilder {
        var copy = self
        copy.periods.append(ChargingPeriod(startDateTime: cursor, dimensions: dimensions, tariffID: tariffID))
        let millis = NSDecimalNumber(decimal: minutes * 60_000).int64Value
        copy.cursor = DateTime(millisecondsSinceEpoch: cursor.millisecondsSinceEpoch + millis)
        return copy
    }

    /// Charging: TIME for the whole period, plus any energy and readings.
    func charging(minutes: Decimal, kWh: String? = nil, _ readings: [CdrDimension] = []) -> SessionBuilder {
        var dimensions = [CdrDimension(type: .time, volume: minutes / 60)]
        if let kWh { dimensions.append(CdrDimension(type: .energy, volume: dec(kWh))) }
        return period(minutes: minutes, dimensions + readings)
    }

    /// Plugged in, not charging: PARKING_TIME for the whole period.
    func parking(minutes: Decimal) -> SessionBuilder {
        period(minutes: minutes, [CdrDimension(type: .parkingTime, volume: minutes / 60), CdrDimension(type: .energy, volume: 0)])
    }

    /// Reserved, not yet in use: RESERVATION_TIME for the whole period.
    func reserving(minutes: Decimal) -> SessionBuilder {
        period(minutes: minutes, [CdrDimension(type: .reservationTime, volume: minutes / 60)])
    }

    /// The finished session.
    var input: PricingInput {
        PricingInput(timeZone: zone, startDateTime: start, endDateTime: cursor, chargingPeriods: periods)
    }

    /// The session while still going: no end yet.
    var ongoing: PricingInput {
        PricingInput(timeZone: zone, startDateTime: start, endDateTime: nil, chargingPeriods: periods)
    }

    func priced(by tariff: Tariff) -> PricedSession {
        TariffPricer(tariff: tariff).price(input)
    }
}

/// A reading of a period: `reading(.maxPower, "48")`.
func reading(_ type: CdrDimensionType, _ volume: String) -> CdrDimension {
    CdrDimension(type: type, volume: dec(volume))
}
