/// A day of the week, as TariffRestrictions name them.
/// A closed enum in both versions: unknown values are refused.
public struct DayOfWeek: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let monday = Self(rawValue: "MONDAY")
    public static let tuesday = Self(rawValue: "TUESDAY")
    public static let wednesday = Self(rawValue: "WEDNESDAY")
    public static let thursday = Self(rawValue: "THURSDAY")
    public static let friday = Self(rawValue: "FRIDAY")
    public static let saturday = Self(rawValue: "SATURDAY")
    public static let sunday = Self(rawValue: "SUNDAY")

    public static let known: Set<String> = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
