import OCPIModel
import PGClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Receiver side of Locations for a tenant's own pushes: PUT creates or replaces, PATCH changes only what it
/// carries, at the location, EVSE or connector level.
///
/// Every write takes a per-location advisory lock, reads the stored location, computes the new one with the model
/// (which validates the whole result), writes the rows and records the change for push, all in one transaction:
/// concurrent writers to one location queue instead of losing each other's updates, readers never see half a
/// location, and a refused write changes nothing. A write older than what is stored (`last_updated`) is refused.
public struct LocationReceiver: Sendable {
    public enum Outcome: Sendable, Hashable {
        case created
        case updated
    }

    /// What a write did, and the object it wrote as the request's version renders it (derived `time_zone`, stamped
    /// `last_updated`, normalised coordinates), read in the writing transaction: exactly what was committed. The
    /// owner's PUT and PATCH answer with it. Nil when that version cannot show the object (a 2.3.0-only connector
    /// standard written through 2.3.0 has no 2.2.1 form), as a GET would find none.
    public struct Written: Sendable, Hashable {
        public var outcome: Outcome
        public var json: String?
    }

    let pool: PGPool
    let changes: any LocationChangeRecorder

    public init(pool: PGPool, changes: any LocationChangeRecorder = NoLocationChangeRecorder()) {
        self.pool = pool
        self.changes = changes
    }

    /// What a write decided: the new location, which rows to write, and what changed for push.
    struct Decision {
        var location: Location
        var evseUID: String?
        var created: Bool
        var kind: LocationChange.Kind
        var lastUpdated: DateTime
    }

    /// Runs `decide` on the stored location under the location's lock and persists what it returns.
    ///
    /// A context that supplies a default `last_updated` (a tenant's push without one) gets it stamped here, under
    /// the lock and never earlier than what is stored, so that concurrent writers stamp in the order they write.
    func write(
        at path: LocationPath, context: ObjectContext,
        _ decide: (Location?, ObjectContext) throws(LocationWriteError) -> Decision
    ) async throws -> Written {
        try await pool.withTransaction { transaction in
            try await transaction.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(path.tenant.description + "/" + path.locationID.lowercased()), 0))")
            let stored = try await load(path, in: transaction)
            var context = context
            if context.defaultLastUpdated != nil {
                context.defaultLastUpdated = max(.now(), stored?.lastUpdated ?? DateTime(millisecondsSinceEpoch: 0))
            }
            let decision = try decide(stored, context)
            let wasVisible = stored?.isShared ?? false
            let visible = decision.location.isShared
            // Hidden by this write: the peers that had it keep what they had, marked unpublished, and learn no more.
            let finalDocuments = wasVisible && !visible ? try await withdrawnDocuments(path, lastUpdated: decision.lastUpdated, in: transaction) : nil
            let rows = LocationRows(transaction: transaction, tenant: path.tenant)
            let encoder = OCPIJSON.encoder
            if let uid = decision.evseUID, let evse = decision.location.evse(uid: uid) {
                try await rows.saveEVSEs(PGJSON(String(decoding: try encoder.encode([evse]), as: UTF8.self)), locationID: path.locationID, reorder: false)
                try await rows.touchLocation(path.locationID, lastUpdated: decision.location.lastUpdated)
            } else {
                try await rows.saveLocation(PGJSON(String(decoding: try encoder.encode(decision.location), as: UTF8.self)))
                try await rows.saveEVSEs(
                    PGJSON(String(decoding: try encoder.encode(decision.location.evses ?? []), as: UTF8.self)),
                    locationID: path.locationID, reorder: true)
            }
            try await transaction.query(
                "SELECT ocpi_refresh_location(\(path.tenant.countryCode), \(path.tenant.partyID), lower(\(path.locationID)))")
            try await changes.record(
                LocationChange(
                    path: path, kind: decision.kind, lastUpdated: decision.lastUpdated,
                    visibility: .init(before: wasVisible, after: visible, finalDocuments: finalDocuments)),
                in: transaction)
            let json = try await LocationStore.ownerJSON(at: path, version: context.version, in: transaction)
            return Written(outcome: decision.created ? .created : .updated, json: json)
        }
    }

    /// The stored documents as the peers last saw them, per version, with `publish` false, no `publish_allowed_to`
    /// and the new `last_updated`: what a peer gets when the location is hidden, and nothing written since.
    func withdrawnDocuments(_ path: LocationPath, lastUpdated: DateTime, in transaction: PGSession) async throws -> String? {
        try await transaction.query(
            """
            SELECT jsonb_build_object(
                       '2.2.1', (l.doc_221::jsonb - 'publish_allowed_to') || jsonb_build_object('publish', false, 'last_updated', ocpi_datetime(\(lastUpdated))),
                       '2.3.0', (l.doc_230::jsonb - 'publish_allowed_to') || jsonb_build_object('publish', false, 'last_updated', ocpi_datetime(\(lastUpdated))))::text
              FROM locations l
             WHERE l.country_code = \(path.tenant.countryCode) AND l.party_id = \(path.tenant.partyID)
               AND l.id_key = lower(\(path.locationID))
            """
        ).first?.decode(0, as: String?.self)
    }

    /// The stored location, decoded from the document peers read (2.3.0, the superset).
    func load(_ path: LocationPath, in transaction: PGSession) async throws -> Location? {
        let row = try await transaction.query(
            """
            SELECT l.doc_230 FROM locations l
             WHERE l.country_code = \(path.tenant.countryCode) AND l.party_id = \(path.tenant.partyID)
               AND l.id_key = lower(\(path.locationID))
            """
        ).first
        guard let json = try row?.decode(0, as: String.self) else { return nil }
        return try OCPIJSON.decoder.decode(Location.self, from: Data(json.utf8))
    }
}

extension LocationReceiver {
    /// Which top-level fields differ between two encodings of an object, for a PATCH push.
    static func changedFields<T: Encodable>(from old: T, to new: T) -> LocationChange.Kind {
        guard var fields = JSONValue.changedKeys(encoding: old, new) else { return .replaced }
        if !fields.contains("last_updated") { fields.append("last_updated") }
        return .patched(fields: fields.sorted())
    }
}
