/// Who may park at an EVSE, apart from vehicle type (EVSE.parking_restrictions).
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct ParkingRestriction: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let evOnly = Self(rawValue: "EV_ONLY")
    public static let plugged = Self(rawValue: "PLUGGED")
    public static let disabled = Self(rawValue: "DISABLED")
    public static let customers = Self(rawValue: "CUSTOMERS")
    public static let motorcycles = Self(rawValue: "MOTORCYCLES")
    public static let employees = Self(rawValue: "EMPLOYEES")  // 2.3.0
    public static let taxis = Self(rawValue: "TAXIS")  // 2.3.0
    public static let tenants = Self(rawValue: "TENANTS")  // 2.3.0

    public static let known: Set<String> = [
        "EV_ONLY", "PLUGGED", "DISABLED", "CUSTOMERS", "MOTORCYCLES", "EMPLOYEES", "TAXIS", "TENANTS",
    ]
    public static let addedIn2_3_0: Set<String> = ["EMPLOYEES", "TAXIS", "TENANTS"]
    public static let isOpenIn2_3_0 = true
}
