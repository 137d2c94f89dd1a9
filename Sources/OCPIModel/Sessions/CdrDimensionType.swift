/// What a ChargingPeriod measured: the quantities a tariff prices (ENERGY kWh, TIME, PARKING_TIME and
/// RESERVATION_TIME in hours) and the readings its restrictions compare (MIN/MAX_POWER kW, MIN/MAX_CURRENT A).
/// CURRENT, ENERGY_EXPORT, ENERGY_IMPORT, POWER and STATE_OF_CHARGE are for Sessions only, never CDRs.
/// A closed enum in both versions: unknown values are refused.
public struct CdrDimensionType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let current = Self(rawValue: "CURRENT")
    public static let energy = Self(rawValue: "ENERGY")
    public static let energyExport = Self(rawValue: "ENERGY_EXPORT")
    public static let energyImport = Self(rawValue: "ENERGY_IMPORT")
    public static let maxCurrent = Self(rawValue: "MAX_CURRENT")
    public static let minCurrent = Self(rawValue: "MIN_CURRENT")
    public static let maxPower = Self(rawValue: "MAX_POWER")
    public static let minPower = Self(rawValue: "MIN_POWER")
    public static let parkingTime = Self(rawValue: "PARKING_TIME")
    public static let power = Self(rawValue: "POWER")
    public static let reservationTime = Self(rawValue: "RESERVATION_TIME")
    public static let stateOfCharge = Self(rawValue: "STATE_OF_CHARGE")
    public static let time = Self(rawValue: "TIME")

    public static let known: Set<String> = [
        "CURRENT", "ENERGY", "ENERGY_EXPORT", "ENERGY_IMPORT", "MAX_CURRENT", "MIN_CURRENT", "MAX_POWER", "MIN_POWER",
        "PARKING_TIME", "POWER", "RESERVATION_TIME", "STATE_OF_CHARGE", "TIME",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false

    /// The values a Session may carry but a CDR may not.
    public static let sessionOnly: Set<String> = [
        "CURRENT", "ENERGY_EXPORT", "ENERGY_IMPORT", "POWER", "STATE_OF_CHARGE",
    ]
}
