extension Connector {
    /// The fields 2.3.0 added: unknown fields to a 2.2.1 body, so ignored there.
    static let fieldsAddedIn2_3_0: Set<String> = ["capabilities"]

    /// Builds a complete Connector from a PUT body, validating everything and reporting every issue at once.
    /// A missing last_updated takes `context.defaultLastUpdated` (or is refused when that is nil).
    public init(draft: ConnectorDraft, context: ObjectContext) throws(ValidationError) {
        let (connector, issues) = Self.assemble(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = connector
    }

    /// Applies a PATCH body: only the fields present change. The body's `id`, when present, must be this
    /// Connector's (case-insensitively); last_updated comes from the body, else `context.defaultLastUpdated`.
    public func patched(with draft: ConnectorDraft, context: ObjectContext) throws(ValidationError) -> Connector {
        let (connector, issues) = patchAssembled(draft, context)
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        return connector
    }

    /// The Connector a PUT body describes, with placeholders for missing fields, and every issue.
    static func assemble(_ draft: ConnectorDraft, _ context: ObjectContext) -> (Connector, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: fieldsAddedIn2_3_0)
        let connector = Connector(
            id: build.required(draft.id, "id", placeholder: ""),
            standard: build.required(draft.standard, "standard", placeholder: ConnectorType(rawValue: "")),
            format: build.required(draft.format, "format", placeholder: ConnectorFormat(rawValue: "")),
            powerType: build.required(draft.powerType, "power_type", placeholder: PowerType(rawValue: "")),
            maxVoltage: build.required(draft.maxVoltage, "max_voltage", placeholder: 0),
            maxAmperage: build.required(draft.maxAmperage, "max_amperage", placeholder: 0),
            maxElectricPower: draft.maxElectricPower,
            tariffIDs: draft.tariffIDs,
            termsAndConditions: draft.termsAndConditions,
            capabilities: build.speaks2_3 ? draft.capabilities : nil,
            lastUpdated: build.lastUpdated(draft.lastUpdated)
        )
        return (connector, build.finish { connector.check(&$0) })
    }

    /// This Connector with a PATCH body applied, and every issue.
    func patchAssembled(_ draft: ConnectorDraft, _ context: ObjectContext) -> (Connector, [ValidationError.Issue]) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: Self.fieldsAddedIn2_3_0)
        build.matches(draft.id, id, "id")
        var result = self
        result.standard = draft.standard ?? standard
        result.format = draft.format ?? format
        result.powerType = draft.powerType ?? powerType
        result.maxVoltage = draft.maxVoltage ?? maxVoltage
        result.maxAmperage = draft.maxAmperage ?? maxAmperage
        result.maxElectricPower = draft.maxElectricPower ?? maxElectricPower
        result.tariffIDs = draft.tariffIDs ?? tariffIDs
        result.termsAndConditions = draft.termsAndConditions ?? termsAndConditions
        if build.speaks2_3 { result.capabilities = draft.capabilities ?? capabilities }
        result.lastUpdated = build.patchLastUpdated(draft.lastUpdated) ?? lastUpdated
        return (result, build.finishPatch(from: self, to: result) { result.check(&$0) })
    }
}
