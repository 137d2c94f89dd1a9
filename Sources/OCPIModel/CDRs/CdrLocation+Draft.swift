extension CdrLocation {
    /// The spec's lengths of a CdrLocation's address and state, the same in 2.2.1 and 2.3.0.
    static let addressLength = 45
    static let stateLength = 20

    /// Builds a complete CdrLocation from a body, validating everything and reporting every issue at once (paths
    /// relative to it). Coordinates are normalised as a Location's are (see `GeoLocation.normalized()`).
    public init(draft: CdrLocationDraft, context: ObjectContext) throws(ValidationError) {
        let (location, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = location
    }

    /// The CdrLocation a body describes, with placeholders for missing fields, and every issue.
    static func assemble(_ draft: CdrLocationDraft, _ context: ObjectContext) -> (CdrLocation, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: [])
        let location = CdrLocation(
            id: build.required(draft.id, "id", placeholder: ""),
            name: draft.name,
            address: build.required(draft.address, "address", placeholder: ""),
            city: build.required(draft.city, "city", placeholder: ""),
            postalCode: draft.postalCode,
            state: draft.state,
            country: build.required(draft.country, "country", placeholder: ""),
            coordinates: build.required(
                build.normalized(draft.coordinates, "coordinates"), "coordinates",
                placeholder: GeoLocation(latitude: "0.000000", longitude: "0.000000")),
            evseUID: build.required(draft.evseUID, "evse_uid", placeholder: ""),
            evseID: build.required(draft.evseID, "evse_id", placeholder: ""),
            connectorID: build.required(draft.connectorID, "connector_id", placeholder: ""),
            connectorStandard: build.required(draft.connectorStandard, "connector_standard", placeholder: ConnectorType(rawValue: "")),
            connectorFormat: build.required(draft.connectorFormat, "connector_format", placeholder: ConnectorFormat(rawValue: "")),
            connectorPowerType: build.required(draft.connectorPowerType, "connector_power_type", placeholder: PowerType(rawValue: ""))
        )
        return (location, build.finish { location.check(&$0) })
    }

    /// Refuses what the spec of `version` does not allow, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    /// The CdrLocation's own fields. Whether `#NA` may stand in evse_uid and connector_id depends on the CDR, which
    /// checks it.
    func check(_ issues: inout IssueCollector) {
        issues.identifier(id, "id", max: 36)
        issues.notNotAvailable(id, "id", "must name the Location (#NA is allowed only in evse_uid, evse_id and connector_id)")
        issues.string(name, "name", max: 255)
        issues.string(address, "address", max: Int.max)
        if address.unicodeScalars.count > Self.addressLength {
            issues.add("address", "must be at most \(Self.addressLength) characters (a CDR's address is string(45) in OCPI 2.2.1 and 2.3.0, shorter than a Location's)")
        }
        issues.string(city, "city", max: 45)
        issues.string(postalCode, "postal_code", max: 10)
        issues.string(state, "state", max: Int.max)
        if let state, state.unicodeScalars.count > Self.stateLength {
            issues.add("state", "must be at most \(Self.stateLength) characters (a CDR's state is string(20) in OCPI 2.2.1 and 2.3.0, shorter than a Location's)")
        }
        if ISO3166.alpha2ByAlpha3[country] == nil {
            issues.add("country", "must be an ISO 3166-1 alpha-3 country code such as DEU")
        }
        issues.within("coordinates") { coordinates.check(&$0) }
        issues.identifier(evseUID, "evse_uid", max: 36)
        issues.identifier(evseID, "evse_id", max: 48)
        issues.identifier(connectorID, "connector_id", max: 36)
        issues.value(connectorStandard, "connector_standard")
        issues.value(connectorFormat, "connector_format")
        issues.value(connectorPowerType, "connector_power_type")
    }
}
