extension EVSE {
    /// Refuses what the spec of `version` does not allow, its Connectors included, listing every issue (paths
    /// relative to the EVSE). References to the Location's parking places are checked by the Location.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    /// The EVSE and its Connectors.
    func check(_ issues: inout IssueCollector) {
        checkOwn(&issues)
        issues.each(connectors, "connectors") { issues, connector in connector.check(&issues) }
    }

    /// The EVSE's own fields, and the rules across its Connectors; not the Connectors' fields.
    func checkOwn(_ issues: inout IssueCollector) {
        issues.identifier(uid, "uid", max: 36)
        issues.ciString(evseID, "evse_id", max: 48)
        issues.value(status, "status")
        issues.each(statusSchedule, "status_schedule") { issues, schedule in schedule.check(&issues) }
        issues.values(capabilities, "capabilities")
        if connectors.isEmpty { issues.add("connectors", "must contain at least one connector") }
        issues.unique(connectors.map(\.id), list: "connectors", key: "id", scope: "EVSE")
        issues.string(floorLevel, "floor_level", max: 4)
        if let coordinates { issues.within("coordinates") { coordinates.check(&$0) } }
        issues.string(physicalReference, "physical_reference", max: 16)
        issues.each(directions, "directions") { issues, text in text.check(&issues) }
        issues.values(parkingRestrictions, "parking_restrictions")
        issues.each(images, "images") { issues, image in image.check(&issues) }
        if issues.speaks2_3 {
            issues.each(parking, "parking") { issues, parking in parking.check(&issues) }
            issues.each(acceptedServiceProviders, "accepted_service_providers") { issues, name in
                issues.string(name, "", max: 50)
            }
        }
    }
}
