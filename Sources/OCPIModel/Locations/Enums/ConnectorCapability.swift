/// What a driver can actually use at a Connector (Connector.capabilities). 2.3.0 only.
/// An OpenEnum: unknown values are kept. The fields that use it do not exist in 2.2.1.
public struct ConnectorCapability: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let iso15118_2PlugAndCharge = Self(rawValue: "ISO_15118_2_PLUG_AND_CHARGE")
    public static let iso15118_20PlugAndCharge = Self(rawValue: "ISO_15118_20_PLUG_AND_CHARGE")

    public static let known: Set<String> = [
        "ISO_15118_2_PLUG_AND_CHARGE", "ISO_15118_20_PLUG_AND_CHARGE",
    ]
    public static let addedIn2_3_0 = known
    public static let isOpenIn2_3_0 = true
}
