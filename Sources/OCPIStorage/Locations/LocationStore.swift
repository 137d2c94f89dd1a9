import OCPIModel
import PGClient

/// Reads Locations, EVSEs and Connectors as OCPI JSON in one statement per request, so the service never decodes
/// what it only passes on. Locations come from their rendered documents (`doc_221`, `doc_230`, refreshed by every
/// write); EVSEs and Connectors are rendered on demand by `ocpi_evse_text()` and `ocpi_connector_text()`.
///
/// Two views: a tenant's own (everything it stored, published or not) and a peer's (shared objects of the tenants
/// in its scope: `publish = true`, or restricted with `publish_allowed_to`).
public struct LocationStore: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    // MARK: A tenant's own objects

    /// The object at `path` as its tenant stored it; nil when there is none.
    public func ownerJSON(at path: LocationPath, version: VersionNumber) async throws -> String? {
        try await Self.ownerJSON(at: path, version: version, in: pool)
    }

    /// The same, read through `executor`: inside a writing transaction, it is exactly what that write committed.
    static func ownerJSON(at path: LocationPath, version: VersionNumber, in executor: some PGExecutor) async throws -> String? {
        let tenant = path.tenant
        let result: PGResult
        switch path.level {
        case .location:
            result = try await executor.query(
                """
                SELECT \(unescaped: Self.documentColumn(version)) FROM locations l
                 WHERE l.country_code = \(tenant.countryCode) AND l.party_id = \(tenant.partyID) AND l.id_key = lower(\(path.locationID))
                """)
        case .evse(let uid):
            result = try await executor.query(
                """
                SELECT ocpi_evse_text(e, \(version.rawValue)) FROM evses e
                 WHERE e.country_code = \(tenant.countryCode) AND e.party_id = \(tenant.partyID)
                   AND e.location_key = lower(\(path.locationID)) AND e.uid_key = lower(\(uid))
                """)
        case .connector(let evseUID, let id):
            result = try await executor.query(
                """
                SELECT ocpi_connector_text(c, \(version.rawValue)) FROM connectors c
                 WHERE c.country_code = \(tenant.countryCode) AND c.party_id = \(tenant.partyID)
                   AND c.location_key = lower(\(path.locationID)) AND c.evse_key = lower(\(evseUID)) AND c.id_key = lower(\(id))
                """)
        }
        guard let row = result.first else { return nil }
        // NULL when the object exists but the version cannot show it (2.2.1 and a 2.3.0-only connector standard).
        return try row.decode(0, as: String?.self)
    }

    /// A page of the tenant's own locations, oldest first.
    public func ownerPage(tenant: TenantID, request: PageRequest, version: VersionNumber) async throws -> Page {
        let row = try await pool.query(
            """
            WITH filtered AS (
                SELECT l.seq FROM locations l
                 WHERE l.country_code = \(tenant.countryCode) AND l.party_id = \(tenant.partyID)
                   AND (\(request.dateFrom)::timestamptz IS NULL OR l.last_updated >= \(request.dateFrom))
                   AND (\(request.dateTo)::timestamptz IS NULL OR l.last_updated < \(request.dateTo))
            ), page AS (
                SELECT seq FROM filtered ORDER BY seq LIMIT \(request.limit) OFFSET \(request.offset)
            )
            SELECT (SELECT count(*) FROM filtered),
                   (SELECT count(*) FROM page),
                   (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY l.seq), '') || ']'
                      FROM locations l JOIN page USING (seq))
            """
        ).first!
        return Page(total: try row.decode(0), count: try row.decode(1), json: try row.decode(2))
    }

    // MARK: Shared objects, for peers

    /// The shared object at `locationID[/evseUID[/connectorID]]` among the tenants in `scope`.
    ///
    /// One statement per level. A whole location, the hot read, also has one per scope, with no bound flags at all:
    /// a prepared statement gets a generic plan, which cannot fold a flag such as `$1 OR …` away, and the combined
    /// form cost PostgreSQL about half as much CPU again there. EVSE and connector reads keep the scope flag.
    public func sharedJSON(
        locationID: String, evseUID: String? = nil, connectorID: String? = nil, scope: TenantScope, version: VersionNumber
    ) async throws -> SharedLookup {
        let rows: [PGRow]
        switch (evseUID, connectorID, scope) {
        case (nil, _, .all):
            rows = try await pool.query(
                """
                SELECT l.country_code, l.party_id, \(unescaped: Self.documentColumn(version)) FROM locations l
                 WHERE l.id_key = lower(\(locationID)) AND l.shared
                 ORDER BY l.seq
                """
            ).rows
        case (nil, _, .tenants):
            let (codes, parties) = scope.columns
            rows = try await pool.query(
                """
                SELECT l.country_code, l.party_id, \(unescaped: Self.documentColumn(version)) FROM locations l
                 WHERE l.id_key = lower(\(locationID)) AND l.shared
                   AND (l.country_code, l.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[]))
                 ORDER BY l.seq
                """
            ).rows
        case (let evseUID?, nil, _):
            let (codes, parties) = scope.columns
            rows = try await pool.query(
                """
                SELECT l.country_code, l.party_id, ocpi_evse_text(e, \(version.rawValue))
                  FROM locations l
                  JOIN evses e ON e.country_code = l.country_code AND e.party_id = l.party_id AND e.location_key = l.id_key
                 WHERE l.id_key = lower(\(locationID)) AND l.shared AND e.uid_key = lower(\(evseUID))
                   AND (\(scope == .all) OR (l.country_code, l.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                 ORDER BY l.seq
                """
            ).rows
        case (let evseUID?, let connectorID?, _):
            let (codes, parties) = scope.columns
            rows = try await pool.query(
                """
                SELECT l.country_code, l.party_id, ocpi_connector_text(c, \(version.rawValue))
                  FROM locations l
                  JOIN connectors c ON c.country_code = l.country_code AND c.party_id = l.party_id AND c.location_key = l.id_key
                 WHERE l.id_key = lower(\(locationID)) AND l.shared
                   AND c.evse_key = lower(\(evseUID)) AND c.id_key = lower(\(connectorID))
                   AND (\(scope == .all) OR (l.country_code, l.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                 ORDER BY l.seq
                """
            ).rows
        }
        let found = try rows.compactMap { row -> (TenantID, String)? in
            guard let json = try row.decode(2, as: String?.self),
                let tenant = TenantID(countryCode: try row.decode(0), partyID: try row.decode(1))
            else { return nil }
            return (tenant, json)
        }
        switch found.count {
        case 0: return .notFound
        case 1: return .found(tenant: found[0].0, json: found[0].1)
        default: return .ambiguous(found.map(\.0))
        }
    }

    /// The rendered document column that `version` reads.
    static func documentColumn(_ version: VersionNumber) -> StaticString {
        version >= .v2_3_0 ? "l.doc_230" : "l.doc_221"
    }

    /// A page of the shared locations of the tenants in `scope`, oldest first.
    public func sharedPage(scope: TenantScope, request: PageRequest, version: VersionNumber) async throws -> Page {
        let (codes, parties) = scope.columns
        let all = scope == .all
        let row = try await pool.query(
            """
            WITH filtered AS (
                SELECT l.seq FROM locations l
                 WHERE l.shared
                   AND (\(all) OR (l.country_code, l.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                   AND (\(request.dateFrom)::timestamptz IS NULL OR l.last_updated >= \(request.dateFrom))
                   AND (\(request.dateTo)::timestamptz IS NULL OR l.last_updated < \(request.dateTo))
            ), page AS (
                SELECT seq FROM filtered ORDER BY seq LIMIT \(request.limit) OFFSET \(request.offset)
            )
            SELECT (SELECT count(*) FROM filtered),
                   (SELECT count(*) FROM page),
                   (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY l.seq), '') || ']'
                      FROM locations l JOIN page USING (seq))
            """
        ).first!
        return Page(total: try row.decode(0), count: try row.decode(1), json: try row.decode(2))
    }
}
