// ocpi:draft: `CdrLocationDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// Where a CDR's session took place, as it was at the session's start: the Location's address with only the EVSE
/// and Connector used. Its lengths are the spec's own and shorter than a Location's: address string(45) and state
/// string(20) in both versions (2.2.1-d2 and 2.3.0 ed2 lengthened only the Location's), so a CDR built from a Location
/// with a longer address must shorten it.
public struct CdrLocation: Codable, Sendable, Hashable {
    /// CiString(36): the Location's id.
    public var id: String
    /// string(255).
    public var name: String?
    /// string(45): street and number.
    public var address: String
    /// string(45).
    public var city: String
    /// string(10); omitted only where the place has no postal code.
    public var postalCode: String?
    /// string(20).
    public var state: String?
    /// ISO 3166-1 alpha-3.
    public var country: String
    public var coordinates: GeoLocation
    /// CiString(36): the EVSE's uid; `#NA` for a CDR of a reservation that never became a charging session.
    public var evseUID: String
    /// CiString(48): the EVSE ID (eMI3); `#NA` when there is none (see CDR+Validation.swift).
    public var evseID: String
    /// CiString(36): the Connector's id; `#NA` like evse_uid.
    public var connectorID: String
    /// For a reservation-only CDR any value, which the receiver ignores.
    public var connectorStandard: ConnectorType
    public var connectorFormat: ConnectorFormat
    public var connectorPowerType: PowerType

    public init(
        id: String, name: String? = nil, address: String, city: String, postalCode: String? = nil,
        state: String? = nil, country: String, coordinates: GeoLocation, evseUID: String, evseID: String,
        connectorID: String, connectorStandard: ConnectorType, connectorFormat: ConnectorFormat,
        connectorPowerType: PowerType
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.city = city
        self.postalCode = postalCode
        self.state = state
        self.country = country
        self.coordinates = coordinates
        self.evseUID = evseUID
        self.evseID = evseID
        self.connectorID = connectorID
        self.connectorStandard = connectorStandard
        self.connectorFormat = connectorFormat
        self.connectorPowerType = connectorPowerType
    }

    enum CodingKeys: String, CodingKey {
        case id, name, address, city
        case postalCode = "postal_code"
        case state, country, coordinates
        case evseUID = "evse_uid"
        case evseID = "evse_id"
        case connectorID = "connector_id"
        case connectorStandard = "connector_standard"
        case connectorFormat = "connector_format"
        case connectorPowerType = "connector_power_type"
    }
}
