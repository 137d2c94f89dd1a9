/// The kind of a Token (used here by PublishTokenType; the Tokens module shares it).
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct TokenType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let adHocUser = Self(rawValue: "AD_HOC_USER")
    public static let appUser = Self(rawValue: "APP_USER")
    public static let emaid = Self(rawValue: "EMAID")  // 2.3.0
    public static let other = Self(rawValue: "OTHER")
    public static let rfid = Self(rawValue: "RFID")

    public static let known: Set<String> = [
        "AD_HOC_USER", "APP_USER", "EMAID", "OTHER", "RFID",
    ]
    public static let addedIn2_3_0: Set<String> = ["EMAID"]
    public static let isOpenIn2_3_0 = true
}
