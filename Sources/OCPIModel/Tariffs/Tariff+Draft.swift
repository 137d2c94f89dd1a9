extension Tariff {
    /// The fields 2.3.0 added: unknown fields to a 2.2.1 body, so ignored there.
    static let fieldsAddedIn2_3_0: Set<String> = ["tax_included", "preauthorize_amount"]

    /// Builds a complete Tariff from a PUT body, validating everything and reporting every issue at once. A 2.2.1
    /// body gets `tax_included` NO (its prices exclude VAT). A missing last_updated takes
    /// `context.defaultLastUpdated` (or is refused when that is nil).
    public init(draft: TariffDraft, context: ObjectContext) throws(ValidationError) {
        var build = DraftAssembly(context)
        build.decoded(draft.decodingIssues, fieldsAddedIn2_3_0: Self.fieldsAddedIn2_3_0)
        let tariff = Tariff(
            countryCode: build.required(draft.countryCode, "country_code", placeholder: ""),
            partyID: build.required(draft.partyID, "party_id", placeholder: ""),
            id: build.required(draft.id, "id", placeholder: ""),
            currency: build.required(draft.currency, "currency", placeholder: "XXX"),
            type: draft.type, tariffAltText: draft.tariffAltText, tariffAltURL: draft.tariffAltURL,
            minPrice: draft.minPrice, maxPrice: draft.maxPrice,
            elements: build.required(draft.elements, "elements", placeholder: []),
            taxIncluded: build.speaks2_3 ? build.required(draft.taxIncluded, "tax_included", placeholder: .no) : .no,
            startDateTime: draft.startDateTime, endDateTime: draft.endDateTime, energyMix: draft.energyMix,
            preauthorizeAmount: build.speaks2_3 ? draft.preauthorizeAmount : nil,
            lastUpdated: build.lastUpdated(draft.lastUpdated)
        )
        let issues = build.finish { tariff.check(&$0) }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        self = tariff
        // Stored in 2.3.0's shape whatever shape the body used (validation has checked it was the version's own).
        minPrice?.wire = .priceLimit
        maxPrice?.wire = .priceLimit
    }
}
