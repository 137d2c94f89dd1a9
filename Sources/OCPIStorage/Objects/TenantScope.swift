import OCPIModel
import PGClient

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
    /// The key of the last object of the previous page, from a `Link` we handed out: the page is then read by key
    /// (the objects created after it), which costs the same at any depth; `offset` still says where it is.
    public var afterKey: Int64?

    public init(offset: Int, limit: Int, dateFrom: DateTime? = nil, dateTo: DateTime? = nil, afterKey: Int64? = nil) {
        self.offset = offset
        self.limit = limit
        self.dateFrom = dateFrom
        self.dateTo = dateTo
        self.afterKey = afterKey
    }

    /// The page's start: after a key (skipping nothing), or after nothing, skipping `offset` objects.
    var position: (after: Int64, skip: Int) {
        if let afterKey { return (afterKey, 0) }
        return (0, offset)
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
    /// The key of the page's last object, for the next page's `Link`; nil for an empty page.
    public var lastKey: Int64?
    /// Whether objects follow this page.
    public var hasMore: Bool

    public init(total: Int, count: Int, json: String, lastKey: Int64? = nil, hasMore: Bool = false) {
        self.total = total
        self.count = count
        self.json = json
        self.lastKey = lastKey
        self.hasMore = hasMore
    }

    /// From a page statement's row: total, count, last key, more, documents.
    init(_ row: PGRow) throws {
        self.init(
            total: try row.decode(0), count: try row.decode(1), json: try row.decode(4), lastKey: try row.decode(2, as: Int64?.self),
            hasMore: try row.decode(3))
    }
}

/// The result of looking a shared object up by id across several tenants.
public enum SharedLookup: Sendable, Hashable {
    case found(tenant: TenantID, json: String)
    case notFound
    /// The id exists at several tenants in scope; the caller must name one with `OCPI-to-*`.
    case ambiguous([TenantID])
}
