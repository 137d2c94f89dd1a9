/// The status of an EVSE (the spec's `Status` enum, named after its owner to keep the module namespace clear).
/// A closed enum in both versions: unknown values are refused.
public struct EVSEStatus: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let available = Self(rawValue: "AVAILABLE")
    public static let blocked = Self(rawValue: "BLOCKED")
    public static let charging = Self(rawValue: "CHARGING")
    public static let inoperative = Self(rawValue: "INOPERATIVE")
    public static let outOfOrder = Self(rawValue: "OUTOFORDER")
    public static let planned = Self(rawValue: "PLANNED")
    public static let removed = Self(rawValue: "REMOVED")
    public static let reserved = Self(rawValue: "RESERVED")
    public static let unknown = Self(rawValue: "UNKNOWN")

    public static let known: Set<String> = [
        "AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER", "PLANNED", "REMOVED", "RESERVED", "UNKNOWN",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
