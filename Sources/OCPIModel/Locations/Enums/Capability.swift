/// What an EVSE can do (EVSE.capabilities).
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct Capability: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let chargingProfileCapable = Self(rawValue: "CHARGING_PROFILE_CAPABLE")
    public static let chargingPreferencesCapable = Self(rawValue: "CHARGING_PREFERENCES_CAPABLE")
    public static let chipCardSupport = Self(rawValue: "CHIP_CARD_SUPPORT")
    public static let contactlessCardSupport = Self(rawValue: "CONTACTLESS_CARD_SUPPORT")
    public static let creditCardPayable = Self(rawValue: "CREDIT_CARD_PAYABLE")
    public static let debitCardPayable = Self(rawValue: "DEBIT_CARD_PAYABLE")
    public static let pedTerminal = Self(rawValue: "PED_TERMINAL")
    public static let remoteStartStopCapable = Self(rawValue: "REMOTE_START_STOP_CAPABLE")
    public static let reservable = Self(rawValue: "RESERVABLE")
    public static let rfidReader = Self(rawValue: "RFID_READER")
    public static let startSessionConnectorRequired = Self(rawValue: "START_SESSION_CONNECTOR_REQUIRED")
    public static let tokenGroupCapable = Self(rawValue: "TOKEN_GROUP_CAPABLE")
    public static let unlockCapable = Self(rawValue: "UNLOCK_CAPABLE")

    public static let known: Set<String> = [
        "CHARGING_PROFILE_CAPABLE", "CHARGING_PREFERENCES_CAPABLE", "CHIP_CARD_SUPPORT", "CONTACTLESS_CARD_SUPPORT",
        "CREDIT_CARD_PAYABLE", "DEBIT_CARD_PAYABLE", "PED_TERMINAL", "REMOTE_START_STOP_CAPABLE", "RESERVABLE",
        "RFID_READER", "START_SESSION_CONNECTOR_REQUIRED", "TOKEN_GROUP_CAPABLE", "UNLOCK_CAPABLE",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = true
}
