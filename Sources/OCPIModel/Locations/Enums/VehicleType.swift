/// A kind of vehicle a parking place suits (Parking.vehicle_types). 2.3.0 only.
/// An OpenEnum: unknown values are kept. The fields that use it do not exist in 2.2.1.
public struct VehicleType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let motorcycle = Self(rawValue: "MOTORCYCLE")
    public static let personalVehicle = Self(rawValue: "PERSONAL_VEHICLE")
    public static let personalVehicleWithTrailer = Self(rawValue: "PERSONAL_VEHICLE_WITH_TRAILER")
    public static let van = Self(rawValue: "VAN")
    public static let semiTractor = Self(rawValue: "SEMI_TRACTOR")
    public static let rigid = Self(rawValue: "RIGID")
    public static let truckWithTrailer = Self(rawValue: "TRUCK_WITH_TRAILER")
    public static let bus = Self(rawValue: "BUS")
    public static let disabled = Self(rawValue: "DISABLED")

    public static let known: Set<String> = [
        "MOTORCYCLE", "PERSONAL_VEHICLE", "PERSONAL_VEHICLE_WITH_TRAILER", "VAN", "SEMI_TRACTOR", "RIGID",
        "TRUCK_WITH_TRAILER", "BUS", "DISABLED",
    ]
    public static let addedIn2_3_0 = known
    public static let isOpenIn2_3_0 = true
}
