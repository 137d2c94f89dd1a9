extension CdrToken {
    /// Builds a complete CdrToken from a body, validating everything and reporting every issue at once (paths
    /// relative to the token).
    public init(draft: CdrTokenDraft, context: ObjectContext) throws(ValidationError) {
        let (token, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = token
    }

    /// The token a body describes, with placeholders for missing fields, and every issue. A PATCH that carries
    /// `cdr_token` replaces the whole token, so it is always assembled complete.
    static func assemble(_ draft: CdrTokenDraft, _ context: ObjectContext) -> (CdrToken, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: [])
        let token = CdrToken(
            countryCode: build.required(draft.countryCode, "country_code", placeholder: ""),
            partyID: build.required(draft.partyID, "party_id", placeholder: ""),
            uid: build.required(draft.uid, "uid", placeholder: ""),
            type: build.required(draft.type, "type", placeholder: TokenType(rawValue: "")),
            contractID: build.required(draft.contractID, "contract_id", placeholder: "")
        )
        return (token, build.finish { token.check(&$0) })
    }

    /// Refuses what the spec of `version` does not allow, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    func check(_ issues: inout IssueCollector) {
        issues.partyCountryCode(countryCode, "country_code")
        issues.partyIdentifier(partyID, "party_id")
        issues.identifier(uid, "uid", max: 36)
        issues.value(type, "type")
        issues.identifier(contractID, "contract_id", max: 36)
    }
}
