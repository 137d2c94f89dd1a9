#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// Reads a module's objects as OCPI JSON, one statement per request, copied as text into the envelope: the
/// service never decodes what it only passes on. Whole objects come from their rendered documents (`doc_221`,
/// `doc_230`); parts (an EVSE, a connector) are taken out of the same documents by their keys, so a part reads
/// exactly as it does inside its object.
///
/// Two views: a tenant's own (everything it stored, shared or not) and a peer's (what `Module.readers` lets it
/// read, among the tenants in its scope).
public struct ObjectStore<Module: DataModule>: Sendable {
    let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    // MARK: A tenant's own objects

    /// The object or part at `address` as its tenant stored it; nil when there is none, or when `version` cannot
    /// show it (2.2.1 and a connector of a 2.3.0-only standard).
    public func ownerJSON(at address: ObjectAddress, version: VersionNumber) async throws -> String? {
        let tenant = address.tenant
        let result: PGResult
        let steps = Module.partPath
        let parts = Array(address.partIDs)
        switch parts.count {
        case 0:
            result = try await pool.query(
                """
                SELECT \(unescaped: Self.documentColumn(version)) FROM \(identifier: Module.table) o
                 WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID) AND o.id_key = lower(\(address.objectID))
                """)
        case 1:
            result = try await pool.query(
                """
                SELECT p::text FROM \(identifier: Module.table) o,
                       jsonb_array_elements((CASE WHEN \(version >= .v2_3_0) THEN o.doc_230 ELSE o.doc_221 END)::jsonb -> \(steps[0].list)) p
                 WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID) AND o.id_key = lower(\(address.objectID))
                   AND lower(p ->> \(steps[0].key)) = lower(\(parts[0]))
                """)
        default:
            result = try await pool.query(
                """
                SELECT c::text FROM \(identifier: Module.table) o,
                       jsonb_array_elements((CASE WHEN \(version >= .v2_3_0) THEN o.doc_230 ELSE o.doc_221 END)::jsonb -> \(steps[0].list)) p,
                       jsonb_array_elements(p -> \(steps[1].list)) c
                 WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID) AND o.id_key = lower(\(address.objectID))
                   AND lower(p ->> \(steps[0].key)) = lower(\(parts[0])) AND lower(c ->> \(steps[1].key)) = lower(\(parts[1]))
                """)
        }
        guard let row = result.first else { return nil }
        return try row.decode(0, as: String?.self)
    }

    /// The tenant's object at `address` as stored (its `document`, decoded), for the platform's own uses of it
    /// (pricing against a tariff); nil when there is none.
    public func ownerObject(at address: ObjectAddress) async throws -> Module.Object? {
        guard let row = try await pool.query(ObjectStatements<Module>.load(address)).first,
            let json = try row.decode(0, as: String?.self)
        else { return nil }
        return try OCPIJSON.decoder.decode(Module.Object.self, from: Data(json.utf8))
    }

    /// A page of the tenant's own objects, oldest first.
    public func ownerPage(tenant: TenantID, request: PageRequest, version: VersionNumber) async throws -> Page {
        try Page(try await pool.query(Self.ownerPageStatement(tenant: tenant, request: request, version: version)).first!)
    }

    /// A page of the tenant's own objects: by key after `request.afterKey` (a `Link` we handed out), else by offset.
    /// Without date filters the total comes from the counts the writes maintain (`ocpi_object_counts`). Whether
    /// more follows is asked of the data (an object after the page's last key), not worked out from offsets: a list
    /// that shrank while a client walked it must not end the walk early.
    public static func ownerPageStatement(tenant: TenantID, request: PageRequest, version: VersionNumber) -> PGQuery {
        let (after, skip) = request.position
        guard request.dateFrom != nil || request.dateTo != nil else {
            return """
                WITH page AS (
                    SELECT o.seq FROM \(identifier: Module.table) o
                     WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID) AND o.seq > \(after)
                     ORDER BY o.seq LIMIT \(request.limit) OFFSET \(skip)
                )
                SELECT (SELECT coalesce(sum(c.n), 0)::bigint FROM ocpi_object_counts c
                         WHERE c.table_name = '\(identifier: Module.table)'::regclass
                           AND c.country_code = \(tenant.countryCode) AND c.party_id = \(tenant.partyID)),
                       (SELECT count(*) FROM page), (SELECT max(seq) FROM page),
                       EXISTS (SELECT 1 FROM \(identifier: Module.table) o
                                WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID)
                                  AND o.seq > (SELECT max(seq) FROM page)),
                       (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY o.seq), '') || ']'
                          FROM \(identifier: Module.table) o JOIN page USING (seq))
                """
        }
        return """
            WITH filtered AS (
                SELECT o.seq FROM \(identifier: Module.table) o
                 WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID)
                   AND (\(request.dateFrom)::timestamptz IS NULL OR o.last_updated >= \(request.dateFrom))
                   AND (\(request.dateTo)::timestamptz IS NULL OR o.last_updated < \(request.dateTo))
            ), page AS (
                SELECT seq FROM filtered WHERE seq > \(after) ORDER BY seq LIMIT \(request.limit) OFFSET \(skip)
            )
            SELECT (SELECT count(*) FROM filtered), (SELECT count(*) FROM page), (SELECT max(seq) FROM page),
                   EXISTS (SELECT 1 FROM filtered f WHERE f.seq > (SELECT max(seq) FROM page)),
                   (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY o.seq), '') || ']'
                      FROM \(identifier: Module.table) o JOIN page USING (seq))
            """
    }

    // MARK: What peers may read

    /// The object or part at `ids` (object id, then part ids) that a peer may read among the tenants in `scope`.
    ///
    /// A whole object, the hot read, has one statement per scope with no bound flags at all: a prepared statement
    /// gets a generic plan, which cannot fold a flag such as `$1 OR …` away, and the combined form cost PostgreSQL
    /// about half as much CPU again there. Part reads keep the scope flag.
    ///
    /// `parties` are the peer's own (`PeerAccess.readerParties`): a token-party module shows only what concerns them,
    /// and nothing when there are none.
    public func sharedJSON(ids: [String], scope: TenantScope, parties: [PartyCode], version: VersionNumber) async throws -> SharedLookup {
        let rows: [PGRow]
        switch Module.readers {
        case .sharedObjectsOfGrantedTenants: break
        case .tokenPartyAtGrantedTenants:
            guard ids.count == 1 else { return .notFound }
            return try Self.lookup(try await pool.query(Self.partyObjectStatement(id: ids[0], scope: scope, parties: parties, version: version)).rows)
        }
        let steps = Module.partPath
        let (codes, parties) = scope.columns
        let all = scope == .all
        switch (ids.count, scope) {
        case (1, .all):
            rows = try await pool.query(Self.sharedObjectStatement(id: ids[0], version: version)).rows
        case (1, .tenants):
            rows = try await pool.query(
                """
                SELECT o.country_code, o.party_id, \(unescaped: Self.documentColumn(version)) FROM \(identifier: Module.table) o
                 WHERE o.id_key = lower(\(ids[0])) AND o.shared
                   AND (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[]))
                 ORDER BY o.seq
                """
            ).rows
        case (2, _):
            rows = try await pool.query(
                """
                SELECT o.country_code, o.party_id, p::text FROM \(identifier: Module.table) o,
                       jsonb_array_elements((CASE WHEN \(version >= .v2_3_0) THEN o.doc_230 ELSE o.doc_221 END)::jsonb -> \(steps[0].list)) p
                 WHERE o.id_key = lower(\(ids[0])) AND o.shared AND lower(p ->> \(steps[0].key)) = lower(\(ids[1]))
                   AND (\(all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                 ORDER BY o.seq
                """
            ).rows
        default:
            rows = try await pool.query(
                """
                SELECT o.country_code, o.party_id, c::text FROM \(identifier: Module.table) o,
                       jsonb_array_elements((CASE WHEN \(version >= .v2_3_0) THEN o.doc_230 ELSE o.doc_221 END)::jsonb -> \(steps[0].list)) p,
                       jsonb_array_elements(p -> \(steps[1].list)) c
                 WHERE o.id_key = lower(\(ids[0])) AND o.shared
                   AND lower(p ->> \(steps[0].key)) = lower(\(ids[1])) AND lower(c ->> \(steps[1].key)) = lower(\(ids[2]))
                   AND (\(all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                 ORDER BY o.seq
                """
            ).rows
        }
        return try Self.lookup(rows)
    }

    /// One lookup's rows (tenant, then document) as its outcome.
    static func lookup(_ rows: [PGRow]) throws -> SharedLookup {
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

    /// A page of what a peer may read among the tenants in `scope`, oldest first.
    public func sharedPage(scope: TenantScope, parties: [PartyCode], request: PageRequest, version: VersionNumber) async throws -> Page {
        let statement: PGQuery
        switch Module.readers {
        case .sharedObjectsOfGrantedTenants:
            statement = Self.sharedPageStatement(scope: scope, request: request, version: version)
        case .tokenPartyAtGrantedTenants:
            statement = Self.partyPageStatement(scope: scope, parties: parties, request: request, version: version)
        }
        return try Page(try await pool.query(statement).first!)
    }

    // MARK: What concerns a peer's parties (token-party modules)

    /// A peer's read of one object that concerns one of its parties, among the tenants in `scope`.
    public static func partyObjectStatement(id: String, scope: TenantScope, parties: [PartyCode], version: VersionNumber) -> PGQuery {
        let (codes, tenantParties) = scope.columns
        return """
            SELECT o.country_code, o.party_id, \(unescaped: Self.documentColumn(version)) FROM \(identifier: Module.table) o
             WHERE o.id_key = lower(\(id)) AND o.shared
               AND (o.reader_country_code, o.reader_party_id) IN (SELECT * FROM unnest(\(parties.map(\.countryCode))::text[], \(parties.map(\.partyID))::text[]))
               AND (\(scope == .all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(tenantParties)::text[])))
             ORDER BY o.seq
            """
    }

    /// A page of what concerns a peer's parties, among the tenants in `scope`, by key or by offset as
    /// `ownerPageStatement`. The total counts the window: maintained counts are per tenant, not per party.
    public static func partyPageStatement(scope: TenantScope, parties: [PartyCode], request: PageRequest, version: VersionNumber) -> PGQuery {
        let (codes, tenantParties) = scope.columns
        let (after, skip) = request.position
        return """
            WITH filtered AS (
                SELECT o.seq FROM \(identifier: Module.table) o
                 WHERE (o.reader_country_code, o.reader_party_id) IN (SELECT * FROM unnest(\(parties.map(\.countryCode))::text[], \(parties.map(\.partyID))::text[]))
                   AND o.shared
                   AND (\(scope == .all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(tenantParties)::text[])))
                   AND (\(request.dateFrom)::timestamptz IS NULL OR o.last_updated >= \(request.dateFrom))
                   AND (\(request.dateTo)::timestamptz IS NULL OR o.last_updated < \(request.dateTo))
            ), page AS (
                SELECT seq FROM filtered WHERE seq > \(after) ORDER BY seq LIMIT \(request.limit) OFFSET \(skip)
            )
            SELECT (SELECT count(*) FROM filtered), (SELECT count(*) FROM page), (SELECT max(seq) FROM page),
                   EXISTS (SELECT 1 FROM filtered f WHERE f.seq > (SELECT max(seq) FROM page)),
                   (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY o.seq), '') || ']'
                      FROM \(identifier: Module.table) o JOIN page USING (seq))
            """
    }

    /// A peer's read of one whole object across every tenant, the hot read (`make bench` runs it under pgbench too).
    public static func sharedObjectStatement(id: String, version: VersionNumber) -> PGQuery {
        precondition(Module.readers == .sharedObjectsOfGrantedTenants, "\(Module.id) is read by party: partyObjectStatement")
        return """
        SELECT o.country_code, o.party_id, \(unescaped: Self.documentColumn(version)) FROM \(identifier: Module.table) o
         WHERE o.id_key = lower(\(id)) AND o.shared
         ORDER BY o.seq
        """
    }

    /// A page of what peers may read, by key or by offset as `ownerPageStatement` (`make bench` runs it under
    /// pgbench too).
    public static func sharedPageStatement(scope: TenantScope, request: PageRequest, version: VersionNumber) -> PGQuery {
        precondition(Module.readers == .sharedObjectsOfGrantedTenants, "\(Module.id) is read by party: partyPageStatement")
        let (codes, parties) = scope.columns
        let all = scope == .all
        let (after, skip) = request.position
        guard request.dateFrom != nil || request.dateTo != nil else {
            return """
                WITH page AS (
                    SELECT o.seq FROM \(identifier: Module.table) o
                     WHERE o.shared AND o.seq > \(after)
                       AND (\(all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                     ORDER BY o.seq LIMIT \(request.limit) OFFSET \(skip)
                )
                SELECT (SELECT coalesce(sum(c.n), 0)::bigint FROM ocpi_object_counts c
                         WHERE c.table_name = '\(identifier: Module.table)'::regclass AND c.shared
                           AND (\(all) OR (c.country_code, c.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))),
                       (SELECT count(*) FROM page), (SELECT max(seq) FROM page),
                       EXISTS (SELECT 1 FROM \(identifier: Module.table) o
                                WHERE o.shared AND o.seq > (SELECT max(seq) FROM page)
                                  AND (\(all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))),
                       (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY o.seq), '') || ']'
                          FROM \(identifier: Module.table) o JOIN page USING (seq))
                """
        }
        return """
            WITH filtered AS (
                SELECT o.seq FROM \(identifier: Module.table) o
                 WHERE o.shared
                   AND (\(all) OR (o.country_code, o.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(parties)::text[])))
                   AND (\(request.dateFrom)::timestamptz IS NULL OR o.last_updated >= \(request.dateFrom))
                   AND (\(request.dateTo)::timestamptz IS NULL OR o.last_updated < \(request.dateTo))
            ), page AS (
                SELECT seq FROM filtered WHERE seq > \(after) ORDER BY seq LIMIT \(request.limit) OFFSET \(skip)
            )
            SELECT (SELECT count(*) FROM filtered), (SELECT count(*) FROM page), (SELECT max(seq) FROM page),
                   EXISTS (SELECT 1 FROM filtered f WHERE f.seq > (SELECT max(seq) FROM page)),
                   (SELECT '[' || coalesce(string_agg(\(unescaped: Self.documentColumn(version)), ',' ORDER BY o.seq), '') || ']'
                      FROM \(identifier: Module.table) o JOIN page USING (seq))
            """
    }

    /// The rendered document column that `version` reads.
    static func documentColumn(_ version: VersionNumber) -> StaticString {
        version >= .v2_3_0 ? "o.doc_230" : "o.doc_221"
    }
}
