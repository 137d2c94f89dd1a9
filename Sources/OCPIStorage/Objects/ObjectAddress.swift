import OCPIModel

/// Where an object or a part of it lives: the tenant, the object's id, then the ids of the parts within it (for
/// Locations: location id, EVSE uid, connector id). Ids are kept as written; lookups compare them case-insensitively.
public struct ObjectAddress: Sendable, Hashable, CustomStringConvertible {
    public var tenant: TenantID
    /// The object's id first, then its parts' ids; never empty.
    public var ids: [String]

    public init(tenant: TenantID, ids: [String]) {
        precondition(!ids.isEmpty, "an address names at least the object")
        self.tenant = tenant
        self.ids = ids
    }

    public var objectID: String { ids[0] }
    /// The ids below the object (empty for the object itself).
    public var partIDs: ArraySlice<String> { ids.dropFirst() }
    /// The address of the whole object.
    public var object: ObjectAddress { ObjectAddress(tenant: tenant, ids: [objectID]) }

    /// `DE*ABC/LOC1/EVSE1/1`, for messages and logs.
    public var description: String {
        ([tenant.description] + ids).joined(separator: "/")
    }
}
