import OCPIModel

/// A peer connection as stored: where the peer is, how we call it, what it offers, and how far the handshake got.
public struct PeerConnection: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case awaitingRegistration = "awaiting_registration"
        case handshakePending = "handshake_pending"
        case connected
        case failed
        case unregistered
    }

    public var id: PeerID
    public var state: State
    public var allTenants: Bool
    /// Their versions endpoint.
    public var versionsURL: String?
    /// The version agreed with them.
    public var version: VersionNumber?
    /// The token we call them with (their token B or C; their token A while our handshake is pending).
    public var token: String?
    /// How they want the token written in `Authorization`.
    public var tokenFormat: String
    public var endpoints: [Endpoint]
    public var attempts: Int
    public var lastError: String?
    /// The versions the operator offers this connection (`versions` of the admin scripts); nil offers all we speak.
    public var offeredVersions: [VersionNumber]?

    public init(
        id: PeerID, state: State, allTenants: Bool, versionsURL: String?, version: VersionNumber?, token: String?,
        tokenFormat: String, endpoints: [Endpoint], attempts: Int, lastError: String?, offeredVersions: [VersionNumber]? = nil
    ) {
        self.id = id
        self.state = state
        self.allTenants = allTenants
        self.versionsURL = versionsURL
        self.version = version
        self.token = token
        self.tokenFormat = tokenFormat
        self.endpoints = endpoints
        self.attempts = attempts
        self.lastError = lastError
        self.offeredVersions = offeredVersions
    }

    /// The versions we may pick from theirs for this connection, oldest first.
    public var versionsWeOffer: [VersionNumber] {
        VersionNumber.supported.filter { offeredVersions?.contains($0) ?? true }
    }

    /// Their endpoint for a module and interface role.
    public func endpoint(_ module: ModuleID, role: InterfaceRole) -> Endpoint? {
        endpoints.first { $0.identifier == module && ($0.role == role || $0.role == nil) }
    }
}

/// What we learned from a peer during a handshake, stored in one step.
public struct PeerRegistration: Sendable {
    /// The token we call them with from now on.
    public var token: String
    public var tokenFormat: String
    public var versionsURL: String
    public var version: VersionNumber
    public var endpoints: [Endpoint]
    /// Their parties; nil keeps the stored ones (endpoint discovery learns no roles).
    public var roles: [CredentialsRole]?
    public var hubPartyID: String?

    public init(
        token: String, tokenFormat: String, versionsURL: String, version: VersionNumber, endpoints: [Endpoint],
        roles: [CredentialsRole]?, hubPartyID: String?
    ) {
        self.token = token
        self.tokenFormat = tokenFormat
        self.versionsURL = versionsURL
        self.version = version
        self.endpoints = endpoints
        self.roles = roles
        self.hubPartyID = hubPartyID
    }
}
