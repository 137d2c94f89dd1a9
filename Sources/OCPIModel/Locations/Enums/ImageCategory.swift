/// What an Image shows, so that apps pick the right one.
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct ImageCategory: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let charger = Self(rawValue: "CHARGER")
    public static let entrance = Self(rawValue: "ENTRANCE")
    public static let location = Self(rawValue: "LOCATION")
    public static let network = Self(rawValue: "NETWORK")
    public static let `operator` = Self(rawValue: "OPERATOR")
    public static let other = Self(rawValue: "OTHER")
    public static let owner = Self(rawValue: "OWNER")

    public static let known: Set<String> = [
        "CHARGER", "ENTRANCE", "LOCATION", "NETWORK", "OPERATOR", "OTHER", "OWNER",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = true
}
