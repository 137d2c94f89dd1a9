#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// A session priced against one tariff: every CDR total, the quantities, and the breakdown that explains them.
///
/// Rounding: all arithmetic is exact `Decimal` (38 significant digits; never binary floating point). Each number
/// reported here (every total, tax, quantity and breakdown line) is that exact value rounded half away from zero to
/// 4 decimals, OCPI's number precision; nothing is rounded before that, so a reported total is the rounded exact
/// total, not the sum of rounded lines. One exception keeps what the driver was shown intact: when prices include
/// taxes (`tax_included` YES), the amount after taxes is rounded and the amount before taxes is what remains after
/// the rounded taxes. Rounding to the currency's minor unit is left to invoicing, where law and contract decide it
/// (the spec stays out of it).
///
/// Prices are in 2.3.0's shape; `rendered(for:)` of each gives 2.2.1's `excl_vat`/`incl_vat`.
public struct PricedSession: Sendable, Hashable, Encodable {
    /// The tariff priced against, and its currency.
    public var tariffID: String
    public var currency: String
    /// Everything, after `min_price` and `max_price`.
    public var totalCost: Price
    /// Flat fees of the charging session (not those of a reservation).
    public var totalFixedCost: Price
    public var totalEnergyCost: Price
    public var totalTimeCost: Price
    public var totalParkingCost: Price
    /// Reservation time and reservation (or expiry) flat fees.
    public var totalReservationCost: Price
    /// kWh: the ENERGY volumes, as measured (step_size rounding is billed, not consumed).
    public var totalEnergy: Decimal
    /// Hours: TIME plus PARKING_TIME volumes; for periods that report neither, the time from the first charging
    /// period's start to the session's end.
    public var totalTime: Decimal
    /// Hours: the PARKING_TIME volumes.
    public var totalParkingTime: Decimal
    /// Hours: the RESERVATION_TIME volumes (no CDR field carries it; for the breakdown's reader).
    public var totalReservationTime: Decimal
    /// Whether the session was a reservation that ended without any charging (RESERVATION_EXPIRES elements apply).
    public var reservationExpired: Bool
    /// In order: the lines of each period (flat fees where charged), then step_size extras, then a price limit.
    public var breakdown: [PricedPart]

    enum CodingKeys: String, CodingKey {
        case tariffID = "tariff_id"
        case currency
        case totalCost = "total_cost"
        case totalFixedCost = "total_fixed_cost"
        case totalEnergyCost = "total_energy_cost"
        case totalTimeCost = "total_time_cost"
        case totalParkingCost = "total_parking_cost"
        case totalReservationCost = "total_reservation_cost"
        case totalEnergy = "total_energy"
        case totalTime = "total_time"
        case totalParkingTime = "total_parking_time"
        case totalReservationTime = "total_reservation_time"
        case reservationExpired = "reservation_expired"
        case breakdown
    }
}
