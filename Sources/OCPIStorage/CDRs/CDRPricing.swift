#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import OCPIPricing
import PGClient

/// Prices a posted CDR the way its EMSP would check it: against one of the tenant's tariffs, in the local time of
/// its location, with `OCPIPricing`. The CPO's figures are the legal ones: a CDR that carries totals keeps them,
/// and only hears (in `status_message`) when they differ from the platform's price by more than 0.01.
///
/// The tariff: the CDR's own `tariffs`; else those the connector listed when the session started (kept by the
/// Sessions module); else those it lists now. Of these, in their order, the first in the CDR's currency, valid at
/// its start (`start_date_time`, `end_date_time`), and of the session's kind: `AD_HOC_PAYMENT` for an ad hoc
/// token, `PROFILE_*` for the profile of accepted charging preferences, before `REGULAR` or untyped ones.
struct CDRPricing {
    let session: PGSession
    let tenant: TenantID
    let version: VersionNumber

    /// Why a CDR cannot be priced, for the owner.
    struct Unpriceable: Error {
        var reason: String
    }

    /// The tariff chosen and the zone its restrictions are read in.
    struct Choice {
        var tariff: Tariff
        var zone: any UTCOffsets
    }

    /// Fills in every total of a CDR posted without `total_cost` (and embeds the tariff used); for one with
    /// totals, notes a difference from the platform's price.
    func settle(_ submission: inout CDRSubmission) async throws -> [String] {
        let draft = submission.draft
        guard let start = draft.startDateTime, let periods = draft.chargingPeriods, !periods.isEmpty, draft.currency != nil,
            draft.cdrLocation != nil
        else { return [] }  // the model refuses what is missing
        if draft.credit == true {
            guard draft.totalCost != nil else {
                throw Sessions.refused("total_cost", "is required on a credit CDR: the negated totals of the CDR it credits")
            }
            return []
        }
        let choice: Choice
        do {
            choice = try await choose(for: draft, start: start)
        } catch let unpriceable as Unpriceable {
            guard draft.totalCost == nil else { return [] }
            throw Sessions.refused("total_cost", "is missing, and the platform cannot price this CDR: \(unpriceable.reason)")
        }
        let priced = TariffPricer(tariff: choice.tariff).price(
            PricingInput(timeZone: choice.zone, startDateTime: start, endDateTime: draft.endDateTime, chargingPeriods: periods))
        if let given = draft.totalCost {
            return differences(given, priced)
        }
        fill(&submission.draft, with: priced)
        if draft.tariffs == nil { submission.pricedWith = [choice.tariff] }
        return []
    }

    /// Every missing total, from the platform's price, in the request's Price shape.
    func fill(_ draft: inout CDRDraft, with priced: PricedSession) {
        func shaped(_ price: Price) -> Price { price.rendered(for: version) }
        draft.totalCost = shaped(priced.totalCost)
        draft.totalFixedCost = draft.totalFixedCost ?? shaped(priced.totalFixedCost)
        draft.totalEnergyCost = draft.totalEnergyCost ?? shaped(priced.totalEnergyCost)
        draft.totalTimeCost = draft.totalTimeCost ?? shaped(priced.totalTimeCost)
        draft.totalParkingCost = draft.totalParkingCost ?? shaped(priced.totalParkingCost)
        draft.totalReservationCost = draft.totalReservationCost ?? shaped(priced.totalReservationCost)
        draft.totalEnergy = draft.totalEnergy ?? priced.totalEnergy
        draft.totalTime = draft.totalTime ?? priced.totalTime
        draft.totalParkingTime = draft.totalParkingTime ?? priced.totalParkingTime
    }

    /// A note when the CDR's own total differs from the platform's by more than 0.01, before or after taxes.
    func differences(_ given: Price, _ priced: PricedSession) -> [String] {
        let tolerance = Decimal(string: "0.01")!
        let (before, after) = version >= .v2_3_0 ? ("before_taxes", "after taxes") : ("excl_vat", "incl_vat")
        var notes: [String] = []
        if abs(given.beforeTaxes - priced.totalCost.beforeTaxes) > tolerance {
            notes.append("total_cost.\(before) \(given.beforeTaxes) differs from the platform's price \(priced.totalCost.beforeTaxes)")
        }
        if !given.taxes.isEmpty, abs(given.afterTaxes - priced.totalCost.afterTaxes) > tolerance {
            notes.append("total_cost \(after) \(given.afterTaxes) differs from the platform's price \(priced.totalCost.afterTaxes)")
        }
        guard !notes.isEmpty else { return [] }
        return [notes.joined(separator: "; ") + " (tariff \(priced.tariffID)); the CDR keeps the totals sent"]
    }

    /// The tariff to price with, and the location's zone.
    func choose(for draft: CDRDraft, start: DateTime) async throws -> Choice {
        guard let place = draft.cdrLocation, let locationID = place.id else { throw Unpriceable(reason: "cdr_location.id is missing") }
        let row = try await session.query(
            CDRStatements.pricingPlace(tenant: tenant, location: locationID, evse: place.evseUID ?? "", connector: place.connectorID ?? "")
        ).first
        guard let row else { throw Unpriceable(reason: "cdr_location.id \(locationID) names no location of tenant \(tenant)") }
        let zoneName = try row.decode(0, as: String?.self) ?? ""
        guard let zone = NamedTimeZones.offsets(zoneName) else {
            throw Unpriceable(reason: "location \(locationID) has no usable time_zone (\(zoneName))")
        }
        let candidates = try await candidates(for: draft, connectorTariffs: try row.decode(1, as: [String]?.self))
        guard !candidates.isEmpty else {
            throw Unpriceable(reason: "it names no tariffs, and its connector listed none (give tariffs, or tariff_ids on the connector)")
        }
        let profile: String? =
            if let sessionID = draft.sessionID, let party = Self.tokenParty(of: draft) {
                try await session.query(CDRStatements.acceptedProfile(tenant: tenant, sessionID: sessionID, party: party)).first?
                    .decode(0, as: String?.self)
            } else { nil }
        let currency = draft.currency ?? ""
        let isAdHoc = draft.cdrToken?.type == .adHocUser
        let specific: TariffType? = isAdHoc ? .adHocPayment : profile.map { TariffType(rawValue: "PROFILE_" + $0) }
        let fitting = candidates.filter { tariff in
            tariff.currency.uppercased() == currency.uppercased()
                && (tariff.startDateTime.map { $0 <= start } ?? true) && (tariff.endDateTime.map { start < $0 } ?? true)
        }
        let chosen =
            fitting.first { $0.type != nil && $0.type == specific }
            ?? fitting.first { $0.type == nil || $0.type == .regular }
        guard let chosen else {
            let listed = candidates.map { "\($0.id) (\($0.currency)\($0.type.map { ", " + $0.rawValue } ?? ""))" }.joined(separator: ", ")
            throw Unpriceable(reason: "none of its tariffs (\(listed)) is in \(currency), valid at \(start) and for this kind of session")
        }
        return Choice(tariff: chosen, zone: zone)
    }

    /// The party a CDR concerns: only its own session's data prices it (another EMSP's session of that id does not).
    static func tokenParty(of draft: CDRDraft) -> PartyCode? {
        guard let country = draft.cdrToken?.countryCode, let party = draft.cdrToken?.partyID else { return nil }
        return PartyCode(countryCode: country, partyID: party)
    }

    /// The CDR's own tariffs; else the connector's at the session's start; else the connector's now.
    func candidates(for draft: CDRDraft, connectorTariffs: [String]?) async throws -> [Tariff] {
        if let drafts = draft.tariffs, !drafts.isEmpty {
            let context = ObjectContext(version: version, defaultLastUpdated: draft.lastUpdated ?? .now(), timeZones: nil)
            return drafts.compactMap { try? Tariff(draft: $0, context: context) }
        }
        var ids = connectorTariffs ?? []
        if let sessionID = draft.sessionID, let party = Self.tokenParty(of: draft),
            let started = try await session.query(SessionStatements.startTariffs(tenant: tenant, sessionID: sessionID, party: party)).first
        {
            ids = try started.decode(0, as: [String].self)
        }
        guard !ids.isEmpty else { return [] }
        return try await session.query(CDRStatements.tariffs(tenant: tenant, ids: ids)).rows.map { row in
            try OCPIJSON.decoder.decode(Tariff.self, from: Data(try row.decode(0, as: String.self).utf8))
        }
    }
}
