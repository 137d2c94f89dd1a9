#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CDR {
    /// Refuses what the spec of `version` does not allow, its CdrToken, CdrLocation and Tariffs included (each
    /// Tariff as `version` shows it), listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    /// The CDR and its parts.
    func check(_ issues: inout IssueCollector) {
        checkOwn(&issues)
        issues.within("cdr_token") { cdrToken.check(&$0) }
        issues.within("cdr_location") { cdrLocation.check(&$0) }
        let version = issues.version
        issues.each(tariffs, "tariffs") { issues, tariff in (tariff.rendered(for: version) ?? tariff).check(&issues) }
    }

    /// The CDR's own fields and the rules across them; not the fields of its CdrToken, CdrLocation and Tariffs
    /// (built, and checked, on their own).
    func checkOwn(_ issues: inout IssueCollector) {
        issues.partyCountryCode(countryCode, "country_code")
        issues.partyIdentifier(partyID, "party_id")
        issues.identifier(id, "id", max: 39)
        if credit != true, id.unicodeScalars.count > 36, id.unicodeScalars.count <= 39 {
            issues.add("id", "must be at most 36 characters (39 only for a credit CDR, to append to the original's id)")
        }
        let start = startDateTime.isUnknownInCDR ? nil : startDateTime
        let end = endDateTime.isUnknownInCDR ? nil : endDateTime
        if let start, let end, end < start { issues.add("end_date_time", "must not be before start_date_time") }
        issues.ciString(sessionID, "session_id", max: 36)
        issues.value(authMethod, "auth_method")
        issues.ciString(authorizationReference, "authorization_reference", max: 36)
        checkReservationPlaceholders(&issues)
        issues.string(meterID, "meter_id", max: 255)
        issues.currency(currency, "currency")
        if chargingPeriods.isEmpty { issues.add("charging_periods", "must list at least one ChargingPeriod") }
        issues.chargingPeriods(chargingPeriods, start: start, end: end, owner: "CDR", sessionOnlyTypes: false)
        if let signedData { issues.within("signed_data") { signedData.check(&$0) } }
        issues.cost(totalCost, "total_cost", sign: credit == true ? .notPositive : .notNegative)
        for (cost, field) in partCosts { issues.cost(cost, field) }
        issues.quantity(totalEnergy, "total_energy")
        issues.quantity(totalTime, "total_time")
        issues.quantity(totalParkingTime, "total_parking_time")
        if let totalParkingTime, totalParkingTime > totalTime {
            issues.add("total_parking_time", "must not exceed total_time (parking time is part of it)")
        }
        issues.string(remark, "remark", max: 255)
        issues.ciString(invoiceReferenceID, "invoice_reference_id", max: 39)
        checkCredit(&issues)
    }

    /// The optional costs, with their fields.
    var partCosts: [(Price?, String)] {
        [
            (totalFixedCost, "total_fixed_cost"), (totalEnergyCost, "total_energy_cost"),
            (totalTimeCost, "total_time_cost"), (totalParkingCost, "total_parking_cost"),
            (totalReservationCost, "total_reservation_cost"),
        ]
    }

    /// A credit CDR names the CDR it credits; a normal one names none.
    private func checkCredit(_ issues: inout IssueCollector) {
        if credit == true {
            if creditReferenceID == nil {
                issues.add("credit_reference_id", "is required when credit is true (the id of the CDR this one credits)")
            }
        } else if creditReferenceID != nil {
            issues.add("credit_reference_id", "may only be set when credit is true")
        }
        guard let creditReferenceID else { return }
        issues.identifier(creditReferenceID, "credit_reference_id", max: 39)
        if creditReferenceID.lowercased() == id.lowercased() {
            issues.add("credit_reference_id", "must be the id of the CDR being credited, not this CDR's own id")
        }
    }

    /// `#NA` in cdr_location's evse_uid and connector_id stands for a reservation that never became a charging
    /// session, so no energy. evse_id may be `#NA` in any CDR: an EVSE need not have an EVSE ID (EVSE.evse_id is
    /// optional), and `#NA` is OCPI's value for data that truly does not exist.
    private func checkReservationPlaceholders(_ issues: inout IssueCollector) {
        for (value, field) in [(cdrLocation.evseUID, "evse_uid"), (cdrLocation.connectorID, "connector_id")]
        where value.isNotAvailable && totalEnergy != 0 {
            issues.add("cdr_location.\(field)", "may be #NA only in the CDR of a reservation that never became a charging session, and this one has total_energy \(totalEnergy)")
        }
        if cdrLocation.evseUID.isNotAvailable, !cdrLocation.connectorID.isNotAvailable {
            issues.add("cdr_location.connector_id", "must be #NA when evse_uid is #NA (a connector belongs to an EVSE)")
        }
    }
}
