extension Token {
    /// Builds a complete Token from a PUT body, validating everything and reporting every issue at once. A missing
    /// last_updated takes `context.defaultLastUpdated` (an EMSP's push has none: it is required).
    public init(draft: TokenDraft, context: ObjectContext) throws(ValidationError) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: [])
        let token = Token(
            countryCode: build.required(draft.countryCode, "country_code", placeholder: ""),
            partyID: build.required(draft.partyID, "party_id", placeholder: ""),
            uid: build.required(draft.uid, "uid", placeholder: ""),
            type: build.required(draft.type, "type", placeholder: TokenType(rawValue: "")),
            contractID: build.required(draft.contractID, "contract_id", placeholder: ""),
            visualNumber: draft.visualNumber,
            issuer: build.required(draft.issuer, "issuer", placeholder: ""),
            groupID: draft.groupID,
            valid: build.required(draft.valid, "valid", placeholder: false),
            whitelist: build.required(draft.whitelist, "whitelist", placeholder: WhitelistType(rawValue: "")),
            language: draft.language,
            defaultProfileType: draft.defaultProfileType,
            energyContract: build.energyContract(draft.energyContract),
            lastUpdated: build.lastUpdated(draft.lastUpdated)
        )
        let issues = build.finish { token.check(&$0) }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = token
    }

    /// Applies a PATCH body: every field present replaces the stored one (`energy_contract` as a whole); the keys,
    /// when present, must be this Token's. last_updated is required (or `context.defaultLastUpdated`).
    public func patched(with draft: TokenDraft, context: ObjectContext) throws(ValidationError) -> Token {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: [])
        build.matches(draft.countryCode, countryCode, "country_code")
        build.matches(draft.partyID, partyID, "party_id")
        build.matches(draft.uid, uid, "uid")
        if let type = draft.type, type.normalized != self.type.normalized { build.issues.add("type", "must match the URL's type (\(self.type))") }
        let patchTime = build.patchLastUpdated(draft.lastUpdated)
        var result = self
        result.contractID = draft.contractID ?? contractID
        result.visualNumber = draft.visualNumber ?? visualNumber
        result.issuer = draft.issuer ?? issuer
        result.groupID = draft.groupID ?? groupID
        result.valid = draft.valid ?? valid
        result.whitelist = draft.whitelist ?? whitelist
        result.language = draft.language ?? language
        result.defaultProfileType = draft.defaultProfileType ?? defaultProfileType
        if let contract = draft.energyContract { result.energyContract = build.energyContract(contract) }
        result.lastUpdated = patchTime ?? lastUpdated
        let issues = build.finishPatch(from: self, to: result) { result.check(&$0) }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        return result
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
        issues.string(visualNumber, "visual_number", max: 64)
        issues.string(issuer, "issuer", max: 64)
        issues.identifier(groupID, "group_id", max: 36)
        issues.value(whitelist, "whitelist")
        if let language, language.unicodeScalars.count != 2 || !language.unicodeScalars.allSatisfy(\.isASCIILetter) {
            issues.add("language", "must be an ISO 639-1 language code of 2 letters")
        }
        issues.value(defaultProfileType, "default_profile_type")
        if let energyContract {
            issues.within("energy_contract") { energyContract.check(&$0) }
        }
    }
}

extension EnergyContract {
    func check(_ issues: inout IssueCollector) {
        issues.string(supplierName, "supplier_name", max: 64)
        issues.string(contractID, "contract_id", max: 64)
    }
}

extension DraftAssembly {
    /// An optional `energy_contract`, built from its draft with its issues under `energy_contract`.
    mutating func energyContract(_ draft: EnergyContractDraft?) -> EnergyContract? {
        guard let draft else { return nil }
        issues.add(draft.decodingIssues, under: "energy_contract")
        guard let name = draft.supplierName else {
            if !issues.issues.contains(where: { $0.field == "energy_contract.supplier_name" }) {
                issues.add("energy_contract.supplier_name", "is required")
            }
            return EnergyContract(supplierName: "", contractID: draft.contractID)
        }
        return EnergyContract(supplierName: name, contractID: draft.contractID)
    }
}

// What a reader of a given version sees: the Token as stored, except that a type 2.2.1 lacks (EMAID, or a custom
// value of 2.3.0's OpenEnum) reads OTHER there, as for a CdrToken.
extension Token: OCPIObject {
    public func rendered(for version: VersionNumber) -> Token? {
        guard !type.isKnown(in: version), version < .v2_3_0 else { return self }
        var copy = self
        copy.type = .other
        return copy
    }
}
