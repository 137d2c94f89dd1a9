// ocpi:draft: `ConnectorDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// A socket or cable-and-plug of an EVSE. Only one Connector of an EVSE can be in use at a time.
public struct Connector: Codable, Sendable, Hashable {
    /// CiString(36), unique within its EVSE, kept exactly as written.
    public var id: String
    public var standard: ConnectorType
    public var format: ConnectorFormat
    public var powerType: PowerType
    /// Volts (line to neutral for AC_3_PHASE).
    public var maxVoltage: Int
    /// Amperes.
    public var maxAmperage: Int
    /// Watts, set when lower than voltage × amperage (× phases) suggests.
    public var maxElectricPower: Int?
    /// CiString(36) each: the tariffs that apply now.
    public var tariffIDs: [String]?
    /// URL.
    public var termsAndConditions: String?
    /// 2.3.0 only.
    public var capabilities: [ConnectorCapability]?
    public var lastUpdated: DateTime

    public init(
        id: String, standard: ConnectorType, format: ConnectorFormat, powerType: PowerType, maxVoltage: Int,
        maxAmperage: Int, maxElectricPower: Int? = nil, tariffIDs: [String]? = nil, termsAndConditions: String? = nil,
        capabilities: [ConnectorCapability]? = nil, lastUpdated: DateTime
    ) {
        self.id = id
        self.standard = standard
        self.format = format
        self.powerType = powerType
        self.maxVoltage = maxVoltage
        self.maxAmperage = maxAmperage
        self.maxElectricPower = maxElectricPower
        self.tariffIDs = tariffIDs
        self.termsAndConditions = termsAndConditions
        self.capabilities = capabilities
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case id, standard, format
        case powerType = "power_type"
        case maxVoltage = "max_voltage"
        case maxAmperage = "max_amperage"
        case maxElectricPower = "max_electric_power"
        case tariffIDs = "tariff_ids"
        case termsAndConditions = "terms_and_conditions"
        case capabilities
        case lastUpdated = "last_updated"
    }
}
