/// The answer to an authorization: the EMSP's (real time) or the platform's from a stored Token. The same shape
/// either way, so that a back-office's OCPI client reads the platform's answer as it reads an EMSP's.
public struct AuthorizationInfo: Codable, Sendable, Hashable {
    public var allowed: AllowedType
    public var token: Token
    /// The location asked about, with only the EVSEs the driver may charge at.
    public var location: LocationReferences?
    /// CiString(36): the EMSP's reference for this authorization, to copy into the Session and CDR.
    public var authorizationReference: String?
    public var info: DisplayText?

    public init(
        allowed: AllowedType, token: Token, location: LocationReferences? = nil, authorizationReference: String? = nil,
        info: DisplayText? = nil
    ) {
        self.allowed = allowed
        self.token = token
        self.location = location
        self.authorizationReference = authorizationReference
        self.info = info
    }

    enum CodingKeys: String, CodingKey {
        case allowed, token, location
        case authorizationReference = "authorization_reference"
        case info
    }

    /// Refuses an EMSP's answer that breaks the spec of `version` (its token included), listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { issues in
            issues.value(allowed, "allowed")
            issues.within("token") { token.check(&$0) }
            if let location { issues.within("location") { location.check(&$0) } }
            issues.ciString(authorizationReference, "authorization_reference", max: 36)
            if let info { issues.within("info") { info.check(&$0) } }
        }
    }
}

/// Where a driver wants to charge, as an authorization names it: a location and, optionally, EVSEs in it.
public struct LocationReferences: Codable, Sendable, Hashable {
    /// CiString(36).
    public var locationID: String
    /// CiString(36) each.
    public var evseUIDs: [String]?

    public init(locationID: String, evseUIDs: [String]? = nil) {
        self.locationID = locationID
        self.evseUIDs = evseUIDs
    }

    enum CodingKeys: String, CodingKey {
        case locationID = "location_id"
        case evseUIDs = "evse_uids"
    }

    /// Refuses what the spec does not allow, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    func check(_ issues: inout IssueCollector) {
        issues.identifier(locationID, "location_id", max: 36)
        for (index, uid) in (evseUIDs ?? []).enumerated() {
            issues.identifier(uid, "evse_uids[\(index)]", max: 36)
        }
    }
}
