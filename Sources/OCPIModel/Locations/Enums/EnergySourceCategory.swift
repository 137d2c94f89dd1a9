/// A kind of energy source in an EnergyMix.
/// A closed enum in both versions: unknown values are refused.
public struct EnergySourceCategory: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let nuclear = Self(rawValue: "NUCLEAR")
    public static let generalFossil = Self(rawValue: "GENERAL_FOSSIL")
    public static let coal = Self(rawValue: "COAL")
    public static let gas = Self(rawValue: "GAS")
    public static let generalGreen = Self(rawValue: "GENERAL_GREEN")
    public static let solar = Self(rawValue: "SOLAR")
    public static let wind = Self(rawValue: "WIND")
    public static let water = Self(rawValue: "WATER")

    public static let known: Set<String> = [
        "NUCLEAR", "GENERAL_FOSSIL", "COAL", "GAS", "GENERAL_GREEN", "SOLAR", "WIND", "WATER",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
