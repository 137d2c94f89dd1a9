extension ChargingPreferences {
    /// Builds ChargingPreferences from a PUT body, validating everything and reporting every issue at once.
    public init(draft: ChargingPreferencesDraft, context: ObjectContext) throws(ValidationError) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: [])
        let preferences = ChargingPreferences(
            profileType: build.required(draft.profileType, "profile_type", placeholder: ProfileType(rawValue: "")),
            departureTime: draft.departureTime, energyNeed: draft.energyNeed, dischargeAllowed: draft.dischargeAllowed)
        let issues = build.finish { preferences.check(&$0) }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = preferences
    }

    /// Refuses what the spec of `version` does not allow, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    func check(_ issues: inout IssueCollector) {
        issues.value(profileType, "profile_type")
        issues.nonNegative(energyNeed, "energy_need")
        issues.atMost(energyNeed, Tariff.largestAmount, "energy_need")
    }
}
