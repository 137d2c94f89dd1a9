/// The answer to "may this token charge here?".
/// A closed enum in both versions.
public struct AllowedType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let allowed = Self(rawValue: "ALLOWED")
    public static let blocked = Self(rawValue: "BLOCKED")
    public static let expired = Self(rawValue: "EXPIRED")
    public static let noCredit = Self(rawValue: "NO_CREDIT")
    public static let notAllowed = Self(rawValue: "NOT_ALLOWED")

    public static let known: Set<String> = ["ALLOWED", "BLOCKED", "EXPIRED", "NO_CREDIT", "NOT_ALLOWED"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
