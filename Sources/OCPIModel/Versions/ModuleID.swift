/// An OCPI module identifier. Open: custom modules exist by bilateral agreement.
public struct ModuleID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let cdrs = Self(rawValue: "cdrs")
    public static let chargingProfiles = Self(rawValue: "chargingprofiles")
    public static let commands = Self(rawValue: "commands")
    public static let credentials = Self(rawValue: "credentials")
    public static let hubClientInfo = Self(rawValue: "hubclientinfo")
    public static let locations = Self(rawValue: "locations")
    public static let sessions = Self(rawValue: "sessions")
    public static let tariffs = Self(rawValue: "tariffs")
    public static let tokens = Self(rawValue: "tokens")

    public var description: String { rawValue }

}

/// Which side of a module an endpoint implements.
public enum InterfaceRole: String, Sendable, Hashable, Codable {
    /// Implemented by the data owner, so that others can pull.
    case sender = "SENDER"
    /// Implemented by the data receiver, so that the owner can push.
    case receiver = "RECEIVER"
}
