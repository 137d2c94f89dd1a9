// ocpi:draft: `EVSEDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// The part that charges one vehicle at a time, with one or more Connectors. Never deleted: retired with
/// status REMOVED.
public struct EVSE: Codable, Sendable, Hashable {
    /// CiString(36), unique within the CPO platform, never changes, kept exactly as written.
    public var uid: String
    /// CiString(48), the eMI3/IDACS EVSE ID such as `BE*BEC*E041503003`; may be dropped once REMOVED.
    public var evseID: String?
    public var status: EVSEStatus
    public var statusSchedule: [StatusSchedule]?
    public var capabilities: [Capability]?
    /// At least one.
    public var connectors: [Connector]
    /// string(4).
    public var floorLevel: String?
    public var coordinates: GeoLocation?
    /// string(16).
    public var physicalReference: String?
    public var directions: [DisplayText]?
    public var parkingRestrictions: [ParkingRestriction]?
    /// 2.3.0 only: references to the Location's `parking_places`.
    public var parking: [EVSEParking]?
    public var images: [Image]?
    /// 2.3.0 only: string(50) each, names of eMSPs whose contracts are accepted.
    public var acceptedServiceProviders: [String]?
    /// Last change of the EVSE or any of its Connectors.
    public var lastUpdated: DateTime

    public init(
        uid: String, evseID: String? = nil, status: EVSEStatus, statusSchedule: [StatusSchedule]? = nil,
        capabilities: [Capability]? = nil, connectors: [Connector], floorLevel: String? = nil,
        coordinates: GeoLocation? = nil, physicalReference: String? = nil, directions: [DisplayText]? = nil,
        parkingRestrictions: [ParkingRestriction]? = nil, parking: [EVSEParking]? = nil, images: [Image]? = nil,
        acceptedServiceProviders: [String]? = nil, lastUpdated: DateTime
    ) {
        self.uid = uid
        self.evseID = evseID
        self.status = status
        self.statusSchedule = statusSchedule
        self.capabilities = capabilities
        self.connectors = connectors
        self.floorLevel = floorLevel
        self.coordinates = coordinates
        self.physicalReference = physicalReference
        self.directions = directions
        self.parkingRestrictions = parkingRestrictions
        self.parking = parking
        self.images = images
        self.acceptedServiceProviders = acceptedServiceProviders
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case uid
        case evseID = "evse_id"
        case status
        case statusSchedule = "status_schedule"
        case capabilities, connectors
        case floorLevel = "floor_level"
        case coordinates
        case physicalReference = "physical_reference"
        case directions
        case parkingRestrictions = "parking_restrictions"
        case parking, images
        case acceptedServiceProviders = "accepted_service_providers"
        case lastUpdated = "last_updated"
    }
}
