/// A Connector as a request body wrote it: every field optional, for PUT (complete) and PATCH (partial) alike.
///
/// A field of the wrong shape does not fail decoding: it is left nil and reported in `decodingIssues`, which
/// `Connector(draft:context:)` and `patched(with:context:)` report together with everything else.
public struct ConnectorDraft: Decodable, Sendable {
    public var id: String?
    public var standard: ConnectorType?
    public var format: ConnectorFormat?
    public var powerType: PowerType?
    public var maxVoltage: Int?
    public var maxAmperage: Int?
    public var maxElectricPower: Int?
    public var tariffIDs: [String]?
    public var termsAndConditions: String?
    public var capabilities: [ConnectorCapability]?
    public var lastUpdated: DateTime?
    /// Fields present with the wrong shape, with paths relative to this object.
    public var decodingIssues: [ValidationError.Issue] = []

    /// An empty draft, to fill in code (a tenant's own change, a test).
    public init() {}

    public init(from decoder: any Decoder) throws {
        var fields = try DraftFields(decoder, keyedBy: Connector.CodingKeys.self)
        id = fields.value(.id)
        standard = fields.value(.standard)
        format = fields.value(.format)
        powerType = fields.value(.powerType)
        maxVoltage = fields.integer(.maxVoltage)
        maxAmperage = fields.integer(.maxAmperage)
        maxElectricPower = fields.integer(.maxElectricPower)
        tariffIDs = fields.value(.tariffIDs)
        termsAndConditions = fields.value(.termsAndConditions)
        capabilities = fields.value(.capabilities)
        lastUpdated = fields.value(.lastUpdated)
        decodingIssues = fields.issues
    }
}
