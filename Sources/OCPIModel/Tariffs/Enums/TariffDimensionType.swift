/// What a PriceComponent prices: energy (per kWh, steps of 1 Wh), a flat fee, charging or parking time (per hour, steps of 1 s).
/// A closed enum in both versions: unknown values are refused.
public struct TariffDimensionType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let energy = Self(rawValue: "ENERGY")
    public static let flat = Self(rawValue: "FLAT")
    public static let parkingTime = Self(rawValue: "PARKING_TIME")
    public static let time = Self(rawValue: "TIME")

    public static let known: Set<String> = ["ENERGY", "FLAT", "PARKING_TIME", "TIME"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
