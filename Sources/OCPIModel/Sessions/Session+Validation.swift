#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Session {
    /// Refuses what the spec of `version` does not allow, its CdrToken included, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    /// The Session and its CdrToken.
    func check(_ issues: inout IssueCollector) {
        checkOwn(&issues)
        issues.within("cdr_token") { cdrToken.check(&$0) }
    }

    /// The Session's own fields and the rules across them; not the CdrToken's fields (built, and checked, on their
    /// own). `storedPeriods`: how many of `charging_periods` a PATCH found stored (see `chargingPeriods`).
    func checkOwn(_ issues: inout IssueCollector, storedPeriods: Int = 0) {
        issues.partyCountryCode(countryCode, "country_code")
        issues.partyIdentifier(partyID, "party_id")
        issues.identifier(id, "id", max: 36)
        if let endDateTime, endDateTime < startDateTime {
            issues.add("end_date_time", "must not be before start_date_time")
        }
        issues.quantity(kwh, "kwh")
        issues.value(authMethod, "auth_method")
        issues.ciString(authorizationReference, "authorization_reference", max: 36)
        issues.identifier(locationID, "location_id", max: 36)
        issues.notNotAvailable(locationID, "location_id", "must name the Location (#NA is allowed only in evse_uid and connector_id, for a reservation)")
        issues.identifier(evseUID, "evse_uid", max: 36)
        issues.identifier(connectorID, "connector_id", max: 36)
        checkReservationPlaceholders(&issues)
        issues.string(meterID, "meter_id", max: 255)
        issues.currency(currency, "currency")
        // A Session's start_date_time is when it became ACTIVE (set then, after PENDING or a reservation), so
        // periods may begin before it: reservation time comes first. It bounds nothing; its end still does.
        issues.chargingPeriods(
            chargingPeriods, start: nil, end: endDateTime, owner: "session", sessionOnlyTypes: true, stored: storedPeriods)
        issues.cost(totalCost, "total_cost")
        issues.value(status, "status")
    }

    /// `#NA` in evse_uid and connector_id stands for an EVSE or connector not yet assigned to a reservation: allowed
    /// while the status is RESERVATION, and after a reservation that never charged (COMPLETED or INVALID with no
    /// energy); a PENDING or ACTIVE session, or one that charged, is at a known connector.
    private func checkReservationPlaceholders(_ issues: inout IssueCollector) {
        for (value, field) in [(evseUID, "evse_uid"), (connectorID, "connector_id")] where value.isNotAvailable {
            if status == .active || status == .pending {
                issues.add(field, "may be #NA only for a reservation (status RESERVATION), not for a session with status \(status)")
            } else if status == .completed || status == .invalid, kwh != 0 {
                issues.add(field, "may be #NA only for a reservation that never charged, and this session charged \(kwh) kWh")
            }
        }
        if evseUID.isNotAvailable, !connectorID.isNotAvailable {
            issues.add("connector_id", "must be #NA when evse_uid is #NA (a connector belongs to an EVSE)")
        }
    }
}
