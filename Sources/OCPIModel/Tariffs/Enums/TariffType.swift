/// Which sessions a Tariff applies to (omitted: all of them); profile types follow the driver's charging preference.
/// A closed enum in both versions: unknown values are refused.
public struct TariffType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let adHocPayment = Self(rawValue: "AD_HOC_PAYMENT")
    public static let profileCheap = Self(rawValue: "PROFILE_CHEAP")
    public static let profileFast = Self(rawValue: "PROFILE_FAST")
    public static let profileGreen = Self(rawValue: "PROFILE_GREEN")
    public static let regular = Self(rawValue: "REGULAR")

    public static let known: Set<String> = ["AD_HOC_PAYMENT", "PROFILE_CHEAP", "PROFILE_FAST", "PROFILE_GREEN", "REGULAR"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
