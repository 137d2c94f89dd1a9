/// The CPO's answer to a ChargingPreferences PUT on its Sessions Sender interface.
/// A closed enum in both versions: unknown values are refused.
public struct ChargingPreferencesResponse: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Accepted; the EVSE will try, without guarantee.
    public static let accepted = Self(rawValue: "ACCEPTED")
    /// This CPO needs `departure_time` for preference-based smart charging.
    public static let departureRequired = Self(rawValue: "DEPARTURE_REQUIRED")
    /// This CPO needs `energy_need` for preference-based smart charging.
    public static let energyNeedRequired = Self(rawValue: "ENERGY_NEED_REQUIRED")
    /// The EVSE knows it cannot fulfil the demand.
    public static let notPossible = Self(rawValue: "NOT_POSSIBLE")
    /// The EVSE does not support the `profile_type`.
    public static let profileTypeNotSupported = Self(rawValue: "PROFILE_TYPE_NOT_SUPPORTED")

    public static let known: Set<String> = [
        "ACCEPTED", "DEPARTURE_REQUIRED", "ENERGY_NEED_REQUIRED", "NOT_POSSIBLE", "PROFILE_TYPE_NOT_SUPPORTED",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
