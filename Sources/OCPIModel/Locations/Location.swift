// ocpi:draft: `LocationDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// A charging site of a CPO: its address, coordinates and EVSEs. The data owner is the CPO; this is the stored and
/// served form, every required field present (build one from a request body with `init(draft:context:)`).
public struct Location: Codable, Sendable, Hashable {
    /// CiString(2), ISO 3166 alpha-2 of the owning CPO.
    public var countryCode: String
    /// CiString(3).
    public var partyID: String
    /// CiString(36), never changes, kept exactly as written.
    public var id: String
    /// When false, shown only to the tokens in `publishAllowedTo`.
    public var publish: Bool
    public var publishAllowedTo: [PublishTokenType]?
    /// string(255).
    public var name: String?
    /// string(255).
    public var address: String
    /// string(45).
    public var city: String
    /// string(10).
    public var postalCode: String?
    /// string(45).
    public var state: String?
    /// ISO 3166-1 alpha-3 (note: `countryCode` is alpha-2).
    public var country: String
    public var coordinates: GeoLocation
    public var relatedLocations: [AdditionalGeoLocation]?
    public var parkingType: ParkingType?
    public var evses: [EVSE]?
    /// 2.3.0 only.
    public var parkingPlaces: [Parking]?
    public var directions: [DisplayText]?
    public var `operator`: BusinessDetails?
    public var suboperator: BusinessDetails?
    public var owner: BusinessDetails?
    public var facilities: [Facility]?
    /// IANA tz name such as `Europe/Oslo`.
    public var timeZone: String
    public var openingTimes: Hours?
    /// Default true when absent.
    public var chargingWhenClosed: Bool?
    public var images: [Image]?
    public var energyMix: EnergyMix?
    /// 2.3.0 only: CiString(25).
    public var helpPhone: String?
    /// Last change of the Location or any of its EVSEs or Connectors.
    public var lastUpdated: DateTime

    public init(
        countryCode: String, partyID: String, id: String, publish: Bool, publishAllowedTo: [PublishTokenType]? = nil,
        name: String? = nil, address: String, city: String, postalCode: String? = nil, state: String? = nil,
        country: String, coordinates: GeoLocation, relatedLocations: [AdditionalGeoLocation]? = nil,
        parkingType: ParkingType? = nil, evses: [EVSE]? = nil, parkingPlaces: [Parking]? = nil,
        directions: [DisplayText]? = nil, operator: BusinessDetails? = nil, suboperator: BusinessDetails? = nil,
        owner: BusinessDetails? = nil, facilities: [Facility]? = nil, timeZone: String, openingTimes: Hours? = nil,
        chargingWhenClosed: Bool? = nil, images: [Image]? = nil, energyMix: EnergyMix? = nil,
        helpPhone: String? = nil, lastUpdated: DateTime
    ) {
        self.countryCode = countryCode
        self.partyID = partyID
        self.id = id
        self.publish = publish
        self.publishAllowedTo = publishAllowedTo
        self.name = name
        self.address = address
        self.city = city
        self.postalCode = postalCode
        self.state = state
        self.country = country
        self.coordinates = coordinates
        self.relatedLocations = relatedLocations
        self.parkingType = parkingType
        self.evses = evses
        self.parkingPlaces = parkingPlaces
        self.directions = directions
        self.operator = `operator`
        self.suboperator = suboperator
        self.owner = owner
        self.facilities = facilities
        self.timeZone = timeZone
        self.openingTimes = openingTimes
        self.chargingWhenClosed = chargingWhenClosed
        self.images = images
        self.energyMix = energyMix
        self.helpPhone = helpPhone
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code"
        case partyID = "party_id"
        case id, publish
        case publishAllowedTo = "publish_allowed_to"
        case name, address, city
        case postalCode = "postal_code"
        case state, country, coordinates
        case relatedLocations = "related_locations"
        case parkingType = "parking_type"
        case evses
        case parkingPlaces = "parking_places"
        case directions
        case `operator`, suboperator, owner, facilities
        case timeZone = "time_zone"
        case openingTimes = "opening_times"
        case chargingWhenClosed = "charging_when_closed"
        case images
        case energyMix = "energy_mix"
        case helpPhone = "help_phone"
        case lastUpdated = "last_updated"
    }
}
