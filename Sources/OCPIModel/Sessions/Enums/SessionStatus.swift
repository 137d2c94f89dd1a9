/// Where a charging session is in its life. PENDING is the initial state; RESERVATION is a session created by a
/// reservation (the spec's prose once calls it "RESERVED", which is not a value); COMPLETED and INVALID are final.
/// A closed enum in both versions (2.3.0 did not make it an OpenEnum nor add values): unknown values are refused.
public struct SessionStatus: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active = Self(rawValue: "ACTIVE")
    public static let completed = Self(rawValue: "COMPLETED")
    public static let invalid = Self(rawValue: "INVALID")
    public static let pending = Self(rawValue: "PENDING")
    public static let reservation = Self(rawValue: "RESERVATION")

    public static let known: Set<String> = ["ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
