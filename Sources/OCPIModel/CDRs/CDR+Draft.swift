#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CDR {
    /// The fields whose values are Prices: their shape follows the version.
    static let costFields: Set<String> = [
        "total_cost", "total_fixed_cost", "total_energy_cost", "total_time_cost", "total_parking_cost",
        "total_reservation_cost",
    ]

    /// Builds a complete CDR from a POST body, validating everything and reporting every issue at once.
    ///
    /// - Every cost must be in the version's shape (2.2.1: `excl_vat`, `incl_vat`; 2.3.0: `before_taxes`, `taxes`)
    ///   and is stored in 2.3.0's (2.2.1's VAT becomes one tax named "VAT").
    /// - Each of `tariffs` is built as a Tariff PUT of the same version would be (a 2.2.1 one gets
    ///   `tax_included` NO; a 2.3.0 one must say it), its issues under `tariffs[i]`.
    /// - A missing last_updated takes `context.defaultLastUpdated` (or is refused when that is nil); tariffs
    ///   without one then take the CDR's.
    public init(draft: CDRDraft, context: ObjectContext) throws(ValidationError) {
        let (cdr, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = cdr
    }

    /// The CDR a body describes, with placeholders for missing fields, and every issue.
    static func assemble(_ draft: CDRDraft, _ context: ObjectContext) -> (CDR, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, costs: costFields)
        let costs: [(Price?, String)] = [
            (draft.totalCost, "total_cost"), (draft.totalFixedCost, "total_fixed_cost"),
            (draft.totalEnergyCost, "total_energy_cost"), (draft.totalTimeCost, "total_time_cost"),
            (draft.totalParkingCost, "total_parking_cost"), (draft.totalReservationCost, "total_reservation_cost"),
        ]
        for (cost, field) in costs { build.costShape(cost, field) }
        let lastUpdated = build.lastUpdated(draft.lastUpdated)
        let children = context.forChildren(inheriting: context.defaultLastUpdated == nil ? nil : lastUpdated)
        let cdr = CDR(
            countryCode: build.required(draft.countryCode, "country_code", placeholder: ""),
            partyID: build.required(draft.partyID, "party_id", placeholder: ""),
            id: build.required(draft.id, "id", placeholder: ""),
            startDateTime: build.required(draft.startDateTime, "start_date_time", placeholder: DateTime(millisecondsSinceEpoch: 0)),
            endDateTime: build.required(draft.endDateTime, "end_date_time", placeholder: DateTime(millisecondsSinceEpoch: 0)),
            sessionID: draft.sessionID,
            cdrToken: build.cdrToken(draft.cdrToken),
            authMethod: build.required(draft.authMethod, "auth_method", placeholder: AuthMethod(rawValue: "")),
            authorizationReference: draft.authorizationReference,
            cdrLocation: build.cdrLocation(draft.cdrLocation),
            meterID: draft.meterID,
            currency: build.required(draft.currency, "currency", placeholder: "XXX"),
            tariffs: build.tariffs(draft.tariffs, children),
            chargingPeriods: build.requiredValue(draft.chargingPeriods, "charging_periods", placeholder: []),
            signedData: draft.signedData,
            totalCost: build.requiredValue(draft.totalCost?.stored, "total_cost", placeholder: .zero),
            totalFixedCost: draft.totalFixedCost?.stored,
            totalEnergy: build.required(draft.totalEnergy, "total_energy", placeholder: 0),
            totalEnergyCost: draft.totalEnergyCost?.stored,
            totalTime: build.required(draft.totalTime, "total_time", placeholder: 0),
            totalTimeCost: draft.totalTimeCost?.stored,
            totalParkingTime: draft.totalParkingTime,
            totalParkingCost: draft.totalParkingCost?.stored,
            totalReservationCost: draft.totalReservationCost?.stored,
            remark: draft.remark,
            invoiceReferenceID: draft.invoiceReferenceID,
            credit: draft.credit,
            creditReferenceID: draft.creditReferenceID,
            homeChargingCompensation: draft.homeChargingCompensation,
            lastUpdated: lastUpdated
        )
        return (cdr, build.finish { cdr.checkOwn(&$0) })
    }
}

extension DraftAssembly {
    /// A required `cdr_location`, built from its draft with its issues under `cdr_location`.
    mutating func cdrLocation(_ draft: CdrLocationDraft?) -> CdrLocation {
        let placeholder = CdrLocation(
            id: "", address: "", city: "", country: "", coordinates: GeoLocation(latitude: "0.000000", longitude: "0.000000"),
            evseUID: "", evseID: "", connectorID: "", connectorStandard: ConnectorType(rawValue: ""),
            connectorFormat: ConnectorFormat(rawValue: ""), connectorPowerType: PowerType(rawValue: ""))
        guard let draft else { return required(nil, "cdr_location", placeholder: placeholder) }
        let (location, found) = CdrLocation.assemble(draft, context)
        issues.add(found, under: "cdr_location")
        return location
    }

    /// A CDR's tariffs, each built as a Tariff PUT body of this version, with its issues under `tariffs[i]`; one
    /// that cannot be built is left out (the CDR is refused anyway).
    mutating func tariffs(_ drafts: [TariffDraft]?, _ context: ObjectContext) -> [Tariff]? {
        guard let drafts else { return nil }
        var built: [Tariff] = []
        for (index, draft) in drafts.enumerated() {
            do throws(ValidationError) {
                built.append(try Tariff(draft: draft, context: context))
            } catch {
                issues.add(error.issues, under: "tariffs[\(index)]")
            }
        }
        return built
    }
}
