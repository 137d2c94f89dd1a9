/// How vehicles park relative to the roadway (Parking.direction). 2.3.0 only.
/// A closed enum: unknown values are refused. The fields that use it do not exist in 2.2.1.
public struct ParkingDirection: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let parallel = Self(rawValue: "PARALLEL")
    public static let perpendicular = Self(rawValue: "PERPENDICULAR")
    public static let angle = Self(rawValue: "ANGLE")

    public static let known: Set<String> = [
        "PARALLEL", "PERPENDICULAR", "ANGLE",
    ]
    public static let addedIn2_3_0 = known
    public static let isOpenIn2_3_0 = false
}
