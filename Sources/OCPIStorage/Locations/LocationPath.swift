import OCPIModel

/// The address of a Locations-module object: a tenant's location, one of its EVSEs, or one of that EVSE's
/// connectors. Ids are kept as written; lookups compare them case-insensitively.
public struct LocationPath: Sendable, Hashable, CustomStringConvertible {
    public var tenant: TenantID
    public var locationID: String
    public var evseUID: String?
    public var connectorID: String?

    public init(tenant: TenantID, locationID: String, evseUID: String? = nil, connectorID: String? = nil) {
        self.tenant = tenant
        self.locationID = locationID
        self.evseUID = evseUID
        self.connectorID = connectorID
    }

    /// Which object the path names.
    public enum Level: Sendable, Hashable {
        case location
        case evse(uid: String)
        case connector(evseUID: String, id: String)
    }

    public var level: Level {
        if let evseUID, let connectorID { return .connector(evseUID: evseUID, id: connectorID) }
        if let evseUID { return .evse(uid: evseUID) }
        return .location
    }

    /// `DE*ABC/LOC1/EVSE1/1`, for messages and logs.
    public var description: String {
        [tenant.description, locationID, evseUID, connectorID].compactMap { $0 }.joined(separator: "/")
    }
}
