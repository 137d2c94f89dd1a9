/// When the CPO may decide from the stored token and when it must ask the EMSP in real time.
/// A closed enum in both versions: unknown values are refused.
public struct WhitelistType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Decide from the stored token; never ask.
    public static let always = Self(rawValue: "ALWAYS")
    /// Decide from the stored token when it is valid; ask otherwise (the CPO's choice, here: ask).
    public static let allowed = Self(rawValue: "ALLOWED")
    /// Ask; decide from the stored token only when the EMSP cannot be reached.
    public static let allowedOffline = Self(rawValue: "ALLOWED_OFFLINE")
    /// Always ask.
    public static let never = Self(rawValue: "NEVER")

    public static let known: Set<String> = ["ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
