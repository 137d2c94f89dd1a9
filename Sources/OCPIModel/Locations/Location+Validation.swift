extension Location {
    /// Refuses what the spec of `version` does not allow, EVSEs and Connectors included, listing every issue.
    /// Fields that `version` does not have (2.3.0's, on 2.2.1) are not checked: `rendered(for:)` drops them.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    /// The Location, its EVSEs and their Connectors.
    func check(_ issues: inout IssueCollector) {
        checkOwn(&issues)
        issues.each(evses, "evses") { issues, evse in evse.check(&issues) }
    }

    /// The Location's own fields, and the rules across its EVSEs (unique uids, parking references); not the
    /// EVSEs' fields.
    func checkOwn(_ issues: inout IssueCollector) {
        if !TenantID.isCountryCode(countryCode) {
            issues.add("country_code", "must be an ISO 3166-1 alpha-2 country code of 2 letters")
        }
        if !TenantID.isPartyID(partyID) { issues.add("party_id", "must be 3 letters or digits") }
        issues.identifier(id, "id", max: 36)
        if publish, !(publishAllowedTo ?? []).isEmpty {
            issues.add("publish_allowed_to", "may only be used when publish is false")
        }
        issues.each(publishAllowedTo, "publish_allowed_to") { issues, token in token.check(&issues) }
        issues.string(name, "name", max: 255)
        issues.string(address, "address", max: 255)
        issues.string(city, "city", max: 45)
        issues.string(postalCode, "postal_code", max: 10)
        issues.string(state, "state", max: 45)
        if ISO3166.alpha2ByAlpha3[country] == nil {
            issues.add("country", "must be an ISO 3166-1 alpha-3 country code such as DEU")
        }
        issues.within("coordinates") { coordinates.check(&$0) }
        issues.each(relatedLocations, "related_locations") { issues, point in point.check(&issues) }
        issues.value(parkingType, "parking_type")
        issues.unique((evses ?? []).map(\.uid), list: "evses", key: "uid", scope: "Location")
        issues.each(directions, "directions") { issues, text in text.check(&issues) }
        for (details, field) in [(self.operator, "operator"), (suboperator, "suboperator"), (owner, "owner")] {
            if let details { issues.within(field) { details.check(&$0) } }
        }
        issues.values(facilities, "facilities")
        Self.checkTimeZone(timeZone, &issues)
        if let openingTimes { issues.within("opening_times") { openingTimes.check(&$0) } }
        issues.each(images, "images") { issues, image in image.check(&issues) }
        if let energyMix { issues.within("energy_mix") { energyMix.check(&$0) } }
        if issues.speaks2_3 {
            issues.each(parkingPlaces, "parking_places") { issues, parking in parking.check(&issues) }
            issues.unique((parkingPlaces ?? []).map(\.id), list: "parking_places", key: "id", scope: "Location")
            issues.ciString(helpPhone, "help_phone", max: 25)
            checkParkingReferences(&issues)
        }
    }

    /// Every `evses[].parking[].parking_id` names one of `parking_places`.
    private func checkParkingReferences(_ issues: inout IssueCollector) {
        let ids = Set((parkingPlaces ?? []).map { $0.id.lowercased() })
        for (evseIndex, evse) in (evses ?? []).enumerated() {
            for (index, parking) in (evse.parking ?? []).enumerated()
            where !ids.contains(parking.parkingID.lowercased()) {
                issues.add(
                    "evses[\(evseIndex)].parking[\(index)].parking_id",
                    "must be the id of one of the Location's parking_places")
            }
        }
    }

    /// A sanity check, not a tzdata lookup: string(255) in the `Area/Location` shape of IANA names.
    static func checkTimeZone(_ name: String, _ issues: inout IssueCollector) {
        issues.string(name, "time_zone", max: 255)
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let shaped = parts.count >= 2 && parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, first.isASCIILetter else { return false }
            return part.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || "_-+".unicodeScalars.contains($0) }
        }
        if !shaped { issues.add("time_zone", "must be an IANA time zone name such as Europe/Berlin") }
    }
}
