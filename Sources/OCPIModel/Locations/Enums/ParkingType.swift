/// The general type of parking at a Location.
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct ParkingType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let alongMotorway = Self(rawValue: "ALONG_MOTORWAY")
    public static let parkingGarage = Self(rawValue: "PARKING_GARAGE")
    public static let parkingLot = Self(rawValue: "PARKING_LOT")
    public static let onDriveway = Self(rawValue: "ON_DRIVEWAY")
    public static let onStreet = Self(rawValue: "ON_STREET")
    public static let undergroundGarage = Self(rawValue: "UNDERGROUND_GARAGE")

    public static let known: Set<String> = [
        "ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET", "UNDERGROUND_GARAGE",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = true
}
