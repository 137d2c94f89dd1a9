/// Socket (bring your own cable) or attached cable.
/// A closed enum in both versions: unknown values are refused.
public struct ConnectorFormat: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let socket = Self(rawValue: "SOCKET")
    public static let cable = Self(rawValue: "CABLE")

    public static let known: Set<String> = [
        "SOCKET", "CABLE",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
