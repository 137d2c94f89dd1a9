#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Session {
    /// The fields whose values are Prices: their shape follows the version.
    static let costFields: Set<String> = ["total_cost"]

    /// Builds a complete Session from a PUT body, validating everything and reporting every issue at once.
    ///
    /// - `total_cost` must be in the version's shape (2.2.1: `excl_vat`, `incl_vat`; 2.3.0: `before_taxes`,
    ///   `taxes`) and is stored in 2.3.0's (2.2.1's VAT becomes one tax named "VAT").
    /// - A missing last_updated takes `context.defaultLastUpdated` (or is refused when that is nil).
    public init(draft: SessionDraft, context: ObjectContext) throws(ValidationError) {
        let (session, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = session
    }

    /// Applies a PATCH body (the spec's Session PATCH), and validates the result.
    ///
    /// - `charging_periods` in the body are appended to the stored ones (omitted or empty: no change); they must
    ///   not start before the last stored one. Replacing periods takes a PUT.
    /// - Every other field present replaces the stored one; `cdr_token` as a whole (so it must be complete).
    /// - `country_code`, `party_id` and `id`, when present, must be this Session's (case-insensitively).
    /// - last_updated comes from the body, else `context.defaultLastUpdated`, else the PATCH is refused.
    /// - What the body changed must obey the request's version; what it left alone is checked against 2.3.0.
    public func patched(with draft: SessionDraft, context: ObjectContext) throws(ValidationError) -> Session {
        let (session, issues) = patchAssembled(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        return session
    }

    /// The Session a PUT body describes, with placeholders for missing fields, and every issue.
    static func assemble(_ draft: SessionDraft, _ context: ObjectContext) -> (Session, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, costs: costFields)
        build.costShape(draft.totalCost, "total_cost")
        let session = Session(
            countryCode: build.required(draft.countryCode, "country_code", placeholder: ""),
            partyID: build.required(draft.partyID, "party_id", placeholder: ""),
            id: build.required(draft.id, "id", placeholder: ""),
            startDateTime: build.required(draft.startDateTime, "start_date_time", placeholder: DateTime(millisecondsSinceEpoch: 0)),
            endDateTime: draft.endDateTime,
            kwh: build.required(draft.kwh, "kwh", placeholder: 0),
            cdrToken: build.cdrToken(draft.cdrToken),
            authMethod: build.required(draft.authMethod, "auth_method", placeholder: AuthMethod(rawValue: "")),
            authorizationReference: draft.authorizationReference,
            locationID: build.required(draft.locationID, "location_id", placeholder: ""),
            evseUID: build.required(draft.evseUID, "evse_uid", placeholder: ""),
            connectorID: build.required(draft.connectorID, "connector_id", placeholder: ""),
            meterID: draft.meterID,
            currency: build.required(draft.currency, "currency", placeholder: "XXX"),
            chargingPeriods: draft.chargingPeriods,
            totalCost: draft.totalCost?.stored,
            status: build.required(draft.status, "status", placeholder: SessionStatus(rawValue: "")),
            lastUpdated: build.lastUpdated(draft.lastUpdated)
        )
        return (session, build.finish { session.checkOwn(&$0) })
    }

    /// This Session with a PATCH body applied, and every issue, in the body's terms (appended periods at their
    /// index in the body).
    func patchAssembled(_ draft: SessionDraft, _ context: ObjectContext) -> (Session, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, costs: Self.costFields)
        build.matches(draft.countryCode, countryCode, "country_code")
        build.matches(draft.partyID, partyID, "party_id")
        build.matches(draft.id, id, "id")
        build.costShape(draft.totalCost, "total_cost")
        let patchTime = build.patchLastUpdated(draft.lastUpdated)
        var result = self
        result.startDateTime = draft.startDateTime ?? startDateTime
        result.endDateTime = draft.endDateTime ?? endDateTime
        result.kwh = draft.kwh ?? kwh
        if let tokenDraft = draft.cdrToken { result.cdrToken = build.cdrToken(tokenDraft) }
        result.authMethod = draft.authMethod ?? authMethod
        result.authorizationReference = draft.authorizationReference ?? authorizationReference
        result.locationID = draft.locationID ?? locationID
        result.evseUID = draft.evseUID ?? evseUID
        result.connectorID = draft.connectorID ?? connectorID
        result.meterID = draft.meterID ?? meterID
        result.currency = draft.currency ?? currency
        let stored = chargingPeriods?.count ?? 0
        if let added = draft.chargingPeriods, !added.isEmpty {
            result.chargingPeriods = (chargingPeriods ?? []) + added
        }
        result.totalCost = draft.totalCost?.stored ?? totalCost
        result.status = draft.status ?? status
        result.lastUpdated = patchTime ?? lastUpdated
        return (result, build.finishPatch(from: self, to: result) { result.checkOwn(&$0, storedPeriods: stored) })
    }
}
