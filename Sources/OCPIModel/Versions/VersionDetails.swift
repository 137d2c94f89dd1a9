/// One entry of the versions list.
public struct Version: Sendable, Hashable, Codable {
    public var version: VersionNumber
    public var url: String

    public init(version: VersionNumber, url: String) {
        self.version = version
        self.url = url
    }
}

/// One module endpoint of a version. `role` is absent in 2.1.1, so it is optional when read from peers.
public struct Endpoint: Sendable, Hashable, Codable {
    public var identifier: ModuleID
    public var role: InterfaceRole?
    public var url: String

    public init(identifier: ModuleID, role: InterfaceRole?, url: String) {
        self.identifier = identifier
        self.role = role
        self.url = url
    }
}

/// The endpoints of one version.
public struct VersionDetails: Sendable, Hashable, Codable {
    public var version: VersionNumber
    public var endpoints: [Endpoint]

    public init(version: VersionNumber, endpoints: [Endpoint]) {
        self.version = version
        self.endpoints = endpoints
    }
}
