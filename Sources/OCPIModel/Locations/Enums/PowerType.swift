/// The current a Connector delivers.
/// A closed enum in both versions: unknown values are refused.
public struct PowerType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let ac1Phase = Self(rawValue: "AC_1_PHASE")
    public static let ac2Phase = Self(rawValue: "AC_2_PHASE")
    public static let ac2PhaseSplit = Self(rawValue: "AC_2_PHASE_SPLIT")
    public static let ac3Phase = Self(rawValue: "AC_3_PHASE")
    public static let dc = Self(rawValue: "DC")

    public static let known: Set<String> = [
        "AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
