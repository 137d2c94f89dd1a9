/// What two platforms exchange to connect: the token the *other* side must use to call the sender, the sender's
/// versions URL, and the parties (roles) it provides. The token inside the body is never Base64-encoded.
public struct Credentials: Codable, Sendable, Hashable {
    /// string(64): printable ASCII without whitespace.
    public var token: String
    /// The sender's versions endpoint.
    public var url: String
    /// 2.3.0: the Hub's party, as `CCPID` (five characters), for platforms that route as a Hub.
    public var hubPartyID: String?
    public var roles: [CredentialsRole]

    public init(token: String, url: String, hubPartyID: String? = nil, roles: [CredentialsRole]) {
        self.token = token
        self.url = url
        self.hubPartyID = hubPartyID
        self.roles = roles
    }

    enum CodingKeys: String, CodingKey {
        case token, url
        case hubPartyID = "hub_party_id"
        case roles
    }

    /// The problems that make a received Credentials object unusable; empty when it is fine.
    public func problems() -> [String] {
        var issues = IssueCollector(version: .v2_3_0)
        if !Self.isWellFormedToken(token) {
            issues.add("token", "must be 1 to 64 printable ASCII characters without spaces")
        }
        if !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.utf8.count > 255 {
            issues.add("url", "must be an absolute http(s) URL of at most 255 characters")
        }
        issues.ciString(hubPartyID, "hub_party_id", max: 5)
        if roles.isEmpty { issues.add("roles", "must list at least one role") }
        issues.each(roles, "roles") { issues, role in
            if !TenantID.isCountryCode(role.countryCode) { issues.add("country_code", "must be two letters") }
            if !TenantID.isPartyID(role.partyID) { issues.add("party_id", "must be three letters or digits") }
            if role.businessDetails.name.isEmpty { issues.add("business_details.name", "must not be empty") }
            issues.within("business_details") { role.businessDetails.check(&$0) }
        }
        var seen = Set<String>()
        for role in roles {
            let key = "\(role.role.rawValue)/\(role.countryCode.uppercased())/\(role.partyID.uppercased())"
            if !seen.insert(key).inserted { issues.add("roles", "lists \(role.role.rawValue) \(role.countryCode)*\(role.partyID) twice") }
        }
        return issues.issues.map(\.description)
    }

    /// A token as OCPI defines it (string(64)): 1 to 64 printable ASCII characters without white space.
    public static func isWellFormedToken(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.count <= 64 && token.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}

/// One party a platform provides: its role, business details and identity.
public struct CredentialsRole: Codable, Sendable, Hashable {
    public var role: Role
    public var businessDetails: BusinessDetails
    public var partyID: String
    public var countryCode: String

    public init(role: Role, businessDetails: BusinessDetails, partyID: String, countryCode: String) {
        self.role = role
        self.businessDetails = businessDetails
        self.partyID = partyID
        self.countryCode = countryCode
    }

    enum CodingKeys: String, CodingKey {
        case role
        case businessDetails = "business_details"
        case partyID = "party_id"
        case countryCode = "country_code"
    }
}

/// The role of a party. Open: 2.2.1 has `HUB`, 2.3.0 dropped it, and peers may send values we do not know.
public struct Role: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let cpo = Role(rawValue: "CPO")
    public static let emsp = Role(rawValue: "EMSP")
    public static let hub = Role(rawValue: "HUB")
    public static let nap = Role(rawValue: "NAP")
    public static let nsp = Role(rawValue: "NSP")
    public static let other = Role(rawValue: "OTHER")
    public static let scsp = Role(rawValue: "SCSP")

}
