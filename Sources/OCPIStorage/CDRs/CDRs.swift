#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// The CDRs module: the billing record of each finished charge, concerning the EMSP of its token (the token-party
/// rule, as Sessions). The owner POSTs a whole CDR to the module's URL; a CDR is immutable afterwards (a correction
/// is a credit CDR, then a new one). One posted without `total_cost` is priced by the platform from its tariffs.
/// Pushed by POST to its EMSP, exactly once per peer as far as the platform can tell (`cdr_deliveries`).
public enum CDRs: DataModule {
    public typealias Object = CDR
    public typealias Body = CDRSubmission

    public static let id = ModuleID.cdrs
    public static let peerRole = InterfaceRole.sender
    public static let table: PGIdentifier = "cdrs"
    public static let idPath = ["cdr_id"]
    public static let partPath: [PartStep] = []
    public static let levelNames = ["CDR"]
    /// OCPI has no "unknown CDR" code: 2001 with HTTP 404.
    public static let unknownObjectCode = OCPIStatusCode.invalidOrMissingParameters
    public static let ownerMethods: [WriteMethod] = [.post]
    public static let readers = ReaderRule.tokenPartyAtGrantedTenants
    public static let idLength = 39

    public static func objectID(of cdr: CDR) -> String {
        cdr.id
    }

    public static func isShared(_ cdr: CDR) -> Bool {
        true
    }

    public static func withdrawn(_ cdr: CDR, at lastUpdated: DateTime) -> CDR {
        cdr
    }

    public static func readerParty(of cdr: CDR) -> PartyCode? {
        PartyCode(countryCode: cdr.cdrToken.countryCode, partyID: cdr.cdrToken.partyID)
    }

    public static func postedID(of body: CDRSubmission) -> String? {
        body.draft.id
    }

    public static func decodeBody(_ data: Data, depth: Int) throws -> CDRSubmission {
        CDRSubmission(draft: try OCPIJSON.decoder.decode(CDRDraft.self, from: data))
    }

    /// Builds the CDR as posted (with the prices `prepare` filled in); the tariffs it was priced with are embedded
    /// when it named none.
    public static func apply(_ write: ObjectWrite<CDRSubmission>, to stored: CDR?) throws(ObjectWriteError) -> WriteDecision<CDR> {
        if stored != nil { throw .exists(write.address, advice: existsAdvice) }
        var draft = write.body.draft
        let tenant = write.address.tenant
        if let given = draft.countryCode, given.uppercased() != tenant.countryCode {
            throw Sessions.refused("country_code", "must be the tenant's own (\(tenant.countryCode)): an owner token posts its tenant's CDRs")
        }
        if let given = draft.partyID, given.uppercased() != tenant.partyID {
            throw Sessions.refused("party_id", "must be the tenant's own (\(tenant.partyID)): an owner token posts its tenant's CDRs")
        }
        draft.countryCode = tenant.countryCode
        draft.partyID = tenant.partyID
        var cdr = try ObjectWriteError.building { () throws(ValidationError) in try CDR(draft: draft, context: write.context) }
        cdr.countryCode = tenant.countryCode
        cdr.partyID = tenant.partyID
        if cdr.tariffs == nil, let used = write.body.pricedWith { cdr.tariffs = used }
        return WriteDecision(object: cdr, created: true, change: .replaced, lastUpdated: cdr.lastUpdated)
    }

    static let existsAdvice = "CDRs are immutable: to correct one, POST a credit CDR (credit: true, credit_reference_id) and then a new CDR"

    public static func renderedPart(of cdr: CDR, at address: ObjectAddress, for version: VersionNumber) throws -> String? {
        nil
    }

    /// Refuses a second CDR with an id, checks a credit CDR's reference, and prices a CDR posted without totals
    /// (or checks the totals it carries against the platform's price).
    public static func prepare(_ write: inout ObjectWrite<CDRSubmission>, stored: CDR?, in session: PGSession) async throws -> [String] {
        if stored != nil { throw ObjectWriteError.exists(write.address, advice: existsAdvice) }
        let draft = write.body.draft
        let tenant = write.address.tenant
        if draft.credit == true, let reference = draft.creditReferenceID {
            let row = try await session.query(CDRStatements.creditable(tenant: tenant, id: reference)).first
            guard let row else {
                throw Sessions.refused("credit_reference_id", "names no CDR of tenant \(tenant)")
            }
            if try row.decode(0, as: Bool.self) {
                throw Sessions.refused("credit_reference_id", "names a credit CDR; a credit CDR credits a normal one")
            }
            if let token = draft.cdrToken, let country = token.countryCode, let party = token.partyID,
                PartyCode(countryCode: country, partyID: party) != PartyCode(countryCode: try row.decode(1), partyID: try row.decode(2))
            {
                throw Sessions.refused("cdr_token", "must name the party of the CDR it credits (\(try row.decode(1, as: String.self))*\(try row.decode(2, as: String.self)))")
            }
        }
        return try await CDRPricing(session: session, tenant: tenant, version: write.context.version).settle(&write.body)
    }
}

/// A posted CDR, with what the platform adds before it is built: the tariffs it was priced with.
public struct CDRSubmission: Sendable {
    public var draft: CDRDraft
    /// The tariffs the platform priced it with, embedded when the CDR names none.
    public var pricedWith: [Tariff]?

    public init(draft: CDRDraft, pricedWith: [Tariff]? = nil) {
        self.draft = draft
        self.pricedWith = pricedWith
    }
}

/// The CDRs module's own statements.
public enum CDRStatements {
    /// Whether the tenant's CDR `id` is itself a credit, and its token party. No row: no such CDR.
    public static func creditable(tenant: TenantID, id: String) -> PGQuery {
        """
        SELECT coalesce((document ->> 'credit')::boolean, false), reader_country_code, reader_party_id FROM cdrs
         WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND id_key = lower(\(id))
        """
    }

    /// The time zone of the tenant's location, and the `tariff_ids` of its connector (NULL when there is no such
    /// connector). No row: no such location.
    public static func pricingPlace(tenant: TenantID, location: String, evse: String, connector: String) -> PGQuery {
        """
        SELECT l.document ->> 'time_zone',
               (SELECT ARRAY(SELECT jsonb_array_elements_text(coalesce(c -> 'tariff_ids', '[]')))
                  FROM jsonb_array_elements(l.document -> 'evses') e, jsonb_array_elements(e -> 'connectors') c
                 WHERE lower(e ->> 'uid') = lower(\(evse)) AND lower(c ->> 'id') = lower(\(connector)) LIMIT 1)
          FROM locations l
         WHERE l.country_code = \(tenant.countryCode) AND l.party_id = \(tenant.partyID) AND l.id_key = lower(\(location))
        """
    }

    /// The tenant's tariffs with these ids (as stored), in the order of `ids`.
    public static func tariffs(tenant: TenantID, ids: [String]) -> PGQuery {
        """
        SELECT t.document::text FROM tariffs t
          JOIN unnest(\(ids.map { $0.lowercased() })::text[]) WITH ORDINALITY AS wanted (key, position) ON wanted.key = t.id_key
         WHERE t.country_code = \(tenant.countryCode) AND t.party_id = \(tenant.partyID)
         ORDER BY wanted.position
        """
    }

    /// The charging profile a peer's accepted charging preferences chose for the session (one concerning
    /// `party`), if any.
    public static func acceptedProfile(tenant: TenantID, sessionID: String, party: PartyCode) -> PGQuery {
        """
        SELECT p.preferences ->> 'profile_type' FROM session_charging_preferences p JOIN sessions s USING (country_code, party_id)
         WHERE p.country_code = \(tenant.countryCode) AND p.party_id = \(tenant.partyID) AND p.session_key = lower(\(sessionID))
           AND s.id_key = p.session_key AND s.reader_country_code = \(party.countryCode) AND s.reader_party_id = \(party.partyID)
           AND p.response = 'ACCEPTED'
         ORDER BY p.updated_at DESC LIMIT 1
        """
    }
}
