/// What a Hub tells a connected platform about one party behind it: whether it is reachable through the Hub. A
/// party `OFFLINE` or `SUSPENDED` gets nothing routed to it through that Hub until it is `CONNECTED` again.
public struct ClientInfo: Codable, Sendable, Hashable {
    /// CiString(3).
    public var partyID: String
    /// CiString(2).
    public var countryCode: String
    public var role: Role
    public var status: ConnectionStatus
    public var lastUpdated: DateTime

    public init(partyID: String, countryCode: String, role: Role, status: ConnectionStatus, lastUpdated: DateTime) {
        self.partyID = partyID
        self.countryCode = countryCode
        self.role = role
        self.status = status
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case partyID = "party_id"
        case countryCode = "country_code"
        case role, status
        case lastUpdated = "last_updated"
    }

    /// Refuses what the spec of `version` does not allow, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.partyIdentifier(partyID, "party_id")
            issues.partyCountryCode(countryCode, "country_code")
            let roles: Set<String> = version >= .v2_3_0 ? ["CPO", "EMSP", "NAP", "NSP", "OTHER", "PTP", "SCSP"] : ["CPO", "EMSP", "HUB", "NAP", "NSP", "OTHER", "SCSP"]
            if !roles.contains(role.rawValue) {
                issues.add("role", "must be one of \(roles.sorted().joined(separator: ", ")) in OCPI \(version)")
            }
            issues.value(status, "status")
        }
    }
}

/// How a Hub reaches a party. A closed enum in both versions.
public struct ConnectionStatus: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let connected = Self(rawValue: "CONNECTED")
    public static let offline = Self(rawValue: "OFFLINE")
    public static let planned = Self(rawValue: "PLANNED")
    public static let suspended = Self(rawValue: "SUSPENDED")

    public static let known: Set<String> = ["CONNECTED", "OFFLINE", "PLANNED", "SUSPENDED"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
