/// Where the EVSE is relative to the parked vehicle (EVSEParking.evse_position). 2.3.0 only.
/// A closed enum: unknown values are refused. The fields that use it do not exist in 2.2.1.
public struct EVSEPosition: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let left = Self(rawValue: "LEFT")
    public static let right = Self(rawValue: "RIGHT")
    public static let center = Self(rawValue: "CENTER")

    public static let known: Set<String> = [
        "LEFT", "RIGHT", "CENTER",
    ]
    public static let addedIn2_3_0 = known
    public static let isOpenIn2_3_0 = false
}
