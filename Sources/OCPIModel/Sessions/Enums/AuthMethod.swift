/// How a Session or CDR was authorized: a real-time request to the eMSP, a command (StartSession, ReserveNow), or
/// the CPO's copy of the eMSP's whitelist. A CDR states the last method used.
/// A closed enum in both versions: unknown values are refused.
public struct AuthMethod: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let authRequest = Self(rawValue: "AUTH_REQUEST")
    public static let command = Self(rawValue: "COMMAND")
    public static let whitelist = Self(rawValue: "WHITELIST")

    public static let known: Set<String> = ["AUTH_REQUEST", "COMMAND", "WHITELIST"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
