import OCPIModel

/// Who is calling, as the token table says. The token's kind, not the URL, decides which interface applies.
public enum Principal: Sendable, Hashable {
    /// A tenant's back-office (owner token): the Receiver interfaces for its own objects.
    case owner(TenantID)
    /// Token A of a peer connection that has not registered yet: versions, version details and credentials only.
    case registration(PeerID)
    /// A registered peer (token C): the Sender interfaces over the tenants it is granted.
    case peer(PeerAccess)
}

/// A peer connection's id in `peer_connections`.
public struct PeerID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// A party on a peer platform, from its credentials roles, upper-cased like `TenantID`.
public struct PeerParty: Sendable, Hashable {
    public var role: String
    public var countryCode: String
    public var partyID: String

    public init(role: String, countryCode: String, partyID: String) {
        self.role = role
        self.countryCode = countryCode.uppercased()
        self.partyID = partyID.uppercased()
    }
}

/// What a registered peer may see: its granted tenants and the parties it speaks for.
public struct PeerAccess: Sendable, Hashable {
    public var peerID: PeerID
    /// Granted '*': every tenant, present and future.
    public var allTenants: Bool
    /// The tenants granted by name (ignored when `allTenants`).
    public var tenants: Set<TenantID>
    public var parties: [PeerParty]
    /// The EMSP parties whose Sessions and CDRs it reads (`peer_connections.reader_parties`): named by the operator,
    /// or taken once from its first registration, never from what it declares later (DECISIONS.md, "Sessions and
    /// CDRs: the modules").
    public var readerParties: [PartyCode]

    public init(peerID: PeerID, allTenants: Bool, tenants: Set<TenantID>, parties: [PeerParty], readerParties: [PartyCode] = []) {
        self.peerID = peerID
        self.allTenants = allTenants
        self.tenants = tenants
        self.parties = parties
        self.readerParties = readerParties
    }

    /// Whether this peer may see the tenant's published objects.
    public func isGranted(_ tenant: TenantID) -> Bool {
        allTenants || tenants.contains(tenant)
    }
}

/// A successfully authenticated token.
public struct AuthenticatedToken: Sendable, Hashable {
    /// The token's row id (never the token itself).
    public var tokenID: Int64
    public var principal: Principal
    /// The versions its peer connection is offered (`versions` of the admin scripts); nil offers every version we
    /// speak, as for owner tokens. Carried here so that checking a request's version costs no query.
    public var offeredVersions: Set<VersionNumber>?
    /// A rotated token C in its grace period (credentials PUT): it stops working when its successor is first used
    /// or the grace ends, so its lookup is not cached.
    public var isRetiring: Bool

    public init(tokenID: Int64, principal: Principal, offeredVersions: Set<VersionNumber>? = nil, isRetiring: Bool = false) {
        self.tokenID = tokenID
        self.principal = principal
        self.offeredVersions = offeredVersions
        self.isRetiring = isRetiring
    }

    /// Whether this token's connection may use `version`.
    public func offers(_ version: VersionNumber) -> Bool {
        offeredVersions?.contains(version) ?? true
    }
}
