import OCPIModel

/// Which tenants' shared objects a peer's request may read: every tenant (a '*' grant with no routing header) or
/// an explicit list (its grants, or the one tenant its `OCPI-to-*` headers name).
public enum TenantScope: Sendable, Hashable {
    case all
    case tenants([TenantID])

    /// The scope's tenants as two parallel arrays, for `unnest($1::text[], $2::text[])`.
    var columns: (countryCodes: [String], partyIDs: [String]) {
        guard case .tenants(let tenants) = self else { return ([], []) }
        return (tenants.map(\.countryCode), tenants.map(\.partyID))
    }
}

/// One page of a paginated list request, as OCPI defines it (`date_from` inclusive, `date_to` exclusive, both on
/// the object's `last_updated`).
public struct PageRequest: Sendable, Hashable {
    public var offset: Int
    public var limit: Int
    public var dateFrom: DateTime?
    public var dateTo: DateTime?

    public init(offset: Int, limit: Int, dateFrom: DateTime? = nil, dateTo: DateTime? = nil) {
        self.offset = offset
        self.limit = limit
        self.dateFrom = dateFrom
        self.dateTo = dateTo
    }
}

/// A page of objects as a JSON array, ready to send, with the count of everything that matched.
public struct Page: Sendable, Hashable {
    /// Objects matching the filters, ignoring offset and limit (`X-Total-Count`).
    public var total: Int
    /// Objects on this page.
    public var count: Int
    /// The page, a JSON array.
    public var json: String
}

/// The result of looking a shared object up by id across several tenants.
public enum SharedLookup: Sendable, Hashable {
    case found(tenant: TenantID, json: String)
    case notFound
    /// The id exists at several tenants in scope; the caller must name one with `OCPI-to-*`.
    case ambiguous([TenantID])
}
