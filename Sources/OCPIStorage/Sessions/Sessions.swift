#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// The Sessions module: a tenant's charging sessions, each concerning the EMSP of its token. Only that EMSP's
/// peers read it and are pushed it (the token-party rule), live: a PUT when created, a PATCH of what changed
/// afterwards, with the appended charging periods only. The owner writes with PUT (the whole session, periods
/// included) and PATCH (appends the periods it carries). Never deleted.
public enum Sessions: DataModule {
    public typealias Object = Session
    public typealias Body = SessionDraft

    public static let id = ModuleID.sessions
    public static let peerRole = InterfaceRole.sender
    public static let table: PGIdentifier = "sessions"
    public static let idPath = ["session_id"]
    public static let partPath: [PartStep] = []
    public static let levelNames = ["session"]
    /// OCPI has no "unknown session" code: 2001 with HTTP 404.
    public static let unknownObjectCode = OCPIStatusCode.invalidOrMissingParameters
    public static let ownerMethods: [WriteMethod] = [.put, .patch]
    public static let readers = ReaderRule.tokenPartyAtGrantedTenants
    public static let peerListNeedsDateFrom = true

    public static func objectID(of session: Session) -> String {
        session.id
    }

    /// Every session is readable by its token's EMSP; the reader rule does the narrowing.
    public static func isShared(_ session: Session) -> Bool {
        true
    }

    public static func withdrawn(_ session: Session, at lastUpdated: DateTime) -> Session {
        session
    }

    public static func readerParty(of session: Session) -> PartyCode? {
        PartyCode(countryCode: session.cdrToken.countryCode, partyID: session.cdrToken.partyID)
    }

    public static func decodeBody(_ data: Data, depth: Int) throws -> SessionDraft {
        try OCPIJSON.decoder.decode(SessionDraft.self, from: data)
    }

    /// PUT creates or replaces the whole session, charging periods included; PATCH changes the fields it carries
    /// and appends its charging periods. Either is refused when its `last_updated` is older than the stored one.
    public static func apply(_ write: ObjectWrite<SessionDraft>, to stored: Session?) throws(ObjectWriteError) -> WriteDecision<Session> {
        var draft = write.body
        let tenant = write.address.tenant
        let isPut = write.method == .put
        try ObjectWriteError.reconcile(&draft.countryCode, with: tenant.countryCode, field: "country_code", urlName: "country_code", fill: isPut)
        try ObjectWriteError.reconcile(&draft.partyID, with: tenant.partyID, field: "party_id", urlName: "party_id", fill: isPut)
        try ObjectWriteError.reconcile(&draft.id, with: write.address.objectID, field: "id", urlName: "session_id", fill: isPut)
        if isPut {
            var session = try ObjectWriteError.building { () throws(ValidationError) in try Session(draft: draft, context: write.context) }
            session.countryCode = tenant.countryCode
            session.partyID = tenant.partyID
            if let stored {
                session.id = stored.id
                try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: session.lastUpdated)
            }
            return WriteDecision(object: session, created: stored == nil, change: .replaced, lastUpdated: session.lastUpdated)
        }
        guard let stored else {
            throw .unknownObject(write.address, missing: "session \(write.address.objectID)")
        }
        let session = try ObjectWriteError.building { () throws(ValidationError) in try stored.patched(with: draft, context: write.context) }
        try ObjectWriteError.refuseStale(write.address, stored: stored.lastUpdated, given: session.lastUpdated)
        return WriteDecision(object: session, created: false, change: change(from: stored, to: session), lastUpdated: session.lastUpdated)
    }

    /// The fields a PATCH changed, its appended charging periods named as such (`charging_periods[n:m]`).
    static func change(from stored: Session, to session: Session) -> ObjectChange.Kind {
        guard case .patched(var fields) = ObjectChange.Kind.between(stored, session) else { return .replaced }
        if let index = fields.firstIndex(of: "charging_periods") {
            fields[index] = PatchField.appended(
                "charging_periods", (stored.chargingPeriods?.count ?? 0)..<(session.chargingPeriods?.count ?? 0))
        }
        return .patched(fields: fields.sorted())
    }

    public static func renderedPart(of session: Session, at address: ObjectAddress, for version: VersionNumber) throws -> String? {
        nil
    }

    /// A session names the tenant's own location, EVSE and connector (`#NA` for the EVSE and connector of a
    /// reservation not bound to one). Checked on every PUT and on a PATCH that names any of them. The connector's
    /// `tariff_ids` are kept from the session's first write that finds it: a CDR without tariffs is priced with
    /// them.
    public static func prepare(_ write: inout ObjectWrite<SessionDraft>, stored: Session?, in session: PGSession) async throws -> [String] {
        let draft = write.body
        guard write.method == .put || draft.locationID != nil || draft.evseUID != nil || draft.connectorID != nil else { return [] }
        guard let locationID = draft.locationID ?? stored?.locationID, let evseUID = draft.evseUID ?? stored?.evseUID,
            let connectorID = draft.connectorID ?? stored?.connectorID
        else { return [] }  // the model refuses the missing field
        let tenant = write.address.tenant
        let status = draft.status ?? stored?.status
        let unbound = evseUID == "#NA" || connectorID == "#NA"
        if unbound {
            guard evseUID == "#NA", connectorID == "#NA", status == .reservation || status == .completed || status == .invalid else {
                throw refused("evse_uid", "may be #NA only together with connector_id, for a reservation not bound to an EVSE (status RESERVATION, then COMPLETED)")
            }
        }
        let row = try await session.query(SessionStatements.connector(tenant: tenant, location: locationID, evse: evseUID, connector: connectorID)).first
        guard let row else {
            throw refused("location_id", "names no location of tenant \(tenant): PUT the location first")
        }
        if unbound { return [] }
        guard try row.decode(0, as: Bool.self) else {
            throw refused("evse_uid", "names no EVSE of location \(locationID)")
        }
        guard let tariffIDs = try row.decode(1, as: [String]?.self) else {
            throw refused("connector_id", "names no connector of EVSE \(evseUID) at location \(locationID)")
        }
        try await session.query(SessionStatements.keepStartTariffs(tenant: tenant, sessionID: write.address.objectID, tariffIDs: tariffIDs))
        return []
    }

    static func refused(_ field: String, _ rule: String) -> ObjectWriteError {
        .invalid(ValidationError(issues: [.init(field: field, rule: rule)]))
    }
}

/// The Sessions module's own statements.
public enum SessionStatements {
    /// For the tenant's location `location`: whether it has EVSE `evse`, and the `tariff_ids` of that EVSE's
    /// connector `connector` (an empty list when it lists none, NULL when there is no such connector). No row: no
    /// such location.
    public static func connector(tenant: TenantID, location: String, evse: String, connector: String) -> PGQuery {
        """
        SELECT e.value IS NOT NULL,
               CASE WHEN c.value IS NULL THEN NULL
                    ELSE ARRAY(SELECT jsonb_array_elements_text(coalesce(c.value -> 'tariff_ids', '[]'))) END
          FROM locations l
          LEFT JOIN LATERAL (SELECT x FROM jsonb_array_elements(l.document -> 'evses') x
                              WHERE lower(x ->> 'uid') = lower(\(evse)) LIMIT 1) e (value) ON true
          LEFT JOIN LATERAL (SELECT y FROM jsonb_array_elements(e.value -> 'connectors') y
                              WHERE lower(y ->> 'id') = lower(\(connector)) LIMIT 1) c (value) ON true
         WHERE l.country_code = \(tenant.countryCode) AND l.party_id = \(tenant.partyID) AND l.id_key = lower(\(location))
        """
    }

    /// Keeps what the connector listed when the session started (the first time it is known).
    public static func keepStartTariffs(tenant: TenantID, sessionID: String, tariffIDs: [String]) -> PGQuery {
        """
        INSERT INTO session_start_tariffs (country_code, party_id, session_key, tariff_ids)
        VALUES (\(tenant.countryCode), \(tenant.partyID), lower(\(sessionID)), \(tariffIDs)::text[])
        ON CONFLICT DO NOTHING
        """
    }

    /// The tariffs the connector of a session concerning `party` listed when it started; no row when not known.
    public static func startTariffs(tenant: TenantID, sessionID: String, party: PartyCode) -> PGQuery {
        """
        SELECT st.tariff_ids FROM session_start_tariffs st JOIN sessions s USING (country_code, party_id)
         WHERE st.country_code = \(tenant.countryCode) AND st.party_id = \(tenant.partyID) AND st.session_key = lower(\(sessionID))
           AND s.id_key = st.session_key AND s.reader_country_code = \(party.countryCode) AND s.reader_party_id = \(party.partyID)
        """
    }
}

extension SessionStatements {
    /// For a peer's charging preferences: the session (one of the peer's parties', among the tenants in `scope`)
    /// with its tenant, status, whether its EVSE is `CHARGING_PREFERENCES_CAPABLE`, and the types of the tariffs
    /// its connector listed at the start.
    public static func preferencesFacts(id: String, scope: TenantScope, parties: [PartyCode]) -> PGQuery {
        let (codes, tenantParties) = scope.columns
        return """
            SELECT s.country_code, s.party_id, s.document ->> 'status',
                   EXISTS (SELECT 1 FROM locations l, jsonb_array_elements(l.document -> 'evses') e
                            WHERE l.country_code = s.country_code AND l.party_id = s.party_id
                              AND l.id_key = lower(s.document ->> 'location_id') AND lower(e ->> 'uid') = lower(s.document ->> 'evse_uid')
                              AND coalesce(e -> 'capabilities', '[]') ? 'CHARGING_PREFERENCES_CAPABLE'),
                   ARRAY(SELECT t.document ->> 'type' FROM session_start_tariffs st, tariffs t
                          WHERE st.country_code = s.country_code AND st.party_id = s.party_id AND st.session_key = s.id_key
                            AND t.country_code = s.country_code AND t.party_id = s.party_id
                            AND t.id_key IN (SELECT lower(x) FROM unnest(st.tariff_ids) x) AND t.document ? 'type')
              FROM sessions s
             WHERE s.id_key = lower(\(id))
               AND (s.reader_country_code, s.reader_party_id) IN (SELECT * FROM unnest(\(parties.map(\.countryCode))::text[], \(parties.map(\.partyID))::text[]))
               AND (\(scope == .all) OR (s.country_code, s.party_id) IN (SELECT * FROM unnest(\(codes)::text[], \(tenantParties)::text[])))
            """
    }

    /// Keeps a peer's accepted charging preferences for a session (the latest replaces the one before).
    public static func keepPreferences(
        tenant: TenantID, sessionID: String, peer: PeerID, preferences: String, response: ChargingPreferencesResponse
    ) -> PGQuery {
        """
        INSERT INTO session_charging_preferences (country_code, party_id, session_key, peer_id, preferences, response)
        VALUES (\(tenant.countryCode), \(tenant.partyID), lower(\(sessionID)), \(peer.rawValue), \(PGJSON(preferences))::jsonb, \(response.rawValue))
        ON CONFLICT (country_code, party_id, session_key, peer_id)
        DO UPDATE SET preferences = EXCLUDED.preferences, response = EXCLUDED.response, updated_at = now()
        """
    }
}
