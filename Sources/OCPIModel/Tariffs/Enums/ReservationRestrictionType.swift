/// Marks a TariffElement as pricing a reservation, or a reservation that expired unused.
/// A closed enum in both versions: unknown values are refused.
public struct ReservationRestrictionType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let reservation = Self(rawValue: "RESERVATION")
    public static let reservationExpires = Self(rawValue: "RESERVATION_EXPIRES")

    public static let known: Set<String> = ["RESERVATION", "RESERVATION_EXPIRES"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
