/// The smart-charging profile a driver chose (ChargingPreferences; a Token's default_profile_type). Each type a CPO
/// supports has its own Tariff (TariffType PROFILE_*).
/// A closed enum in both versions: unknown values are refused.
public struct ProfileType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let cheap = Self(rawValue: "CHEAP")
    public static let fast = Self(rawValue: "FAST")
    public static let green = Self(rawValue: "GREEN")
    public static let regular = Self(rawValue: "REGULAR")

    public static let known: Set<String> = ["CHEAP", "FAST", "GREEN", "REGULAR"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
