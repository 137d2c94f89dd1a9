#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// The Tariffs module: what charging costs at a tenant's connectors. Every tariff of a tenant is readable by the
/// peers granted that tenant (EMSPs show prices to drivers before they charge); the owner creates or replaces a
/// tariff with PUT and retires it with DELETE once no connector lists it. No PATCH, as in the spec.
public enum Tariffs: DataModule {
    public typealias Object = Tariff
    public typealias Body = TariffDraft

    public static let id = ModuleID.tariffs
    public static let peerRole = InterfaceRole.sender
    public static let table: PGIdentifier = "tariffs"
    public static let idPath = ["tariff_id"]
    public static let partPath: [PartStep] = []
    public static let levelNames = ["tariff"]
    /// OCPI has no "unknown tariff" code: 2001 with HTTP 404.
    public static let unknownObjectCode = OCPIStatusCode.invalidOrMissingParameters
    public static let ownerMethods: [WriteMethod] = [.put, .delete]
    public static let readers = ReaderRule.sharedObjectsOfGrantedTenants

    public static func objectID(of tariff: Tariff) -> String {
        tariff.id
    }

    /// Tariffs have no publish flag: a granted peer reads them all.
    public static func isShared(_ tariff: Tariff) -> Bool {
        true
    }

    /// Never called (a tariff is never hidden), but a peer that lost sight of one would keep it as it was.
    public static func withdrawn(_ tariff: Tariff, at lastUpdated: DateTime) -> Tariff {
        tariff
    }

    public static func decodeBody(_ data: Data, depth: Int) throws -> TariffDraft {
        try OCPIJSON.decoder.decode(TariffDraft.self, from: data)
    }

    /// PUT creates or replaces the whole tariff (an older `last_updated` than the stored one is refused); the
    /// country code and party id are the tenant's, the id keeps its first spelling.
    public static func apply(_ write: ObjectWrite<TariffDraft>, to stored: Tariff?) throws(ObjectWriteError) -> WriteDecision<Tariff> {
        var draft = write.body
        let tenant = write.address.tenant
        try ObjectWriteError.reconcile(&draft.countryCode, with: tenant.countryCode, field: "country_code", urlName: "country_code", fill: true)
        try ObjectWriteError.reconcile(&draft.partyID, with: tenant.partyID, field: "party_id", urlName: "party_id", fill: true)
        try ObjectWriteError.reconcile(&draft.id, with: write.address.objectID, field: "id", urlName: "tariff_id", fill: true)
        var tariff = try ObjectWriteError.building { () throws(ValidationError) in try Tariff(draft: draft, context: write.context) }
        tariff.countryCode = tenant.countryCode
        tariff.partyID = tenant.partyID
        if let stored {
            tariff.id = stored.id
            try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: tariff.lastUpdated)
        }
        return WriteDecision(object: tariff, created: stored == nil, change: .replaced, lastUpdated: tariff.lastUpdated)
    }

    public static func renderedPart(of tariff: Tariff, at address: ObjectAddress, for version: VersionNumber) throws -> String? {
        nil
    }

    /// A tariff a connector of the tenant still lists in `tariff_ids` stays: EMSPs would show a connector whose
    /// price they cannot look up. EVSEs with status REMOVED do not count.
    public static func checkDeletion(of tariff: Tariff, at address: ObjectAddress, in session: PGSession) async throws {
        let rows = try await session.query(TariffStatements.connectorsListing(address)).rows
        guard !rows.isEmpty else { return }
        let users = try rows.map { try "\($0.decode(0, as: String.self))/\($0.decode(1, as: String.self))/\($0.decode(2, as: String.self))" }
        throw ObjectWriteError.inUse(address, usedBy: users, as: "tariff_ids")
    }
}

/// The Tariffs module's own statements.
public enum TariffStatements {
    /// The connectors (location id, EVSE uid, connector id) of the tenant that list a tariff, case-insensitively,
    /// on EVSEs that are not REMOVED.
    public static func connectorsListing(_ address: ObjectAddress) -> PGQuery {
        """
        SELECT l.id, e ->> 'uid', c ->> 'id'
          FROM locations l, jsonb_array_elements(l.document -> 'evses') e, jsonb_array_elements(e -> 'connectors') c
         WHERE l.country_code = \(address.tenant.countryCode) AND l.party_id = \(address.tenant.partyID)
           AND l.tariff_keys @> ARRAY[lower(\(address.objectID))]
           AND e ->> 'status' <> 'REMOVED'
           AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(c -> 'tariff_ids') t WHERE lower(t) = lower(\(address.objectID)))
         ORDER BY l.seq, e ->> 'uid', c ->> 'id'
        """
    }

    /// Of `ids`, those the tenant has no tariff for (lower-cased, each once).
    public static func missing(_ ids: [String], of tenant: TenantID) -> PGQuery {
        """
        SELECT DISTINCT t FROM unnest(\(ids.map { $0.lowercased() })::text[]) t
         WHERE NOT EXISTS (SELECT 1 FROM tariffs o
                            WHERE o.country_code = \(tenant.countryCode) AND o.party_id = \(tenant.partyID) AND o.id_key = t)
         ORDER BY t
        """
    }

    /// The time zones of the tenant's locations with a connector that lists the tariff (EVSEs not REMOVED), for
    /// pricing without one; at most three, which is enough to say they disagree.
    public static func timeZones(listing address: ObjectAddress) -> PGQuery {
        """
        SELECT DISTINCT l.document ->> 'time_zone' FROM locations l
         WHERE l.country_code = \(address.tenant.countryCode) AND l.party_id = \(address.tenant.partyID)
           AND l.tariff_keys @> ARRAY[lower(\(address.objectID))]
         LIMIT 3
        """
    }
}
