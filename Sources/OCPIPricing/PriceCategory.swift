/// Which CDR total a priced amount counts in. The raw values are the CDR's field names, so a breakdown line says
/// where its money went.
public enum PriceCategory: String, Sendable, Hashable, Encodable, CaseIterable {
    /// Flat fees of the charging session (a start fee), not those of a reservation.
    case fixed = "total_fixed_cost"
    case energy = "total_energy_cost"
    /// Charging time.
    case time = "total_time_cost"
    case parking = "total_parking_cost"
    /// Reservation time and the reservation's (or its expiry's) flat fee.
    case reservation = "total_reservation_cost"
}
