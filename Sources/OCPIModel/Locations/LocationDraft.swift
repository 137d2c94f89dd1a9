/// A Location as a request body wrote it: every field optional, for PUT (complete) and PATCH (partial) alike.
/// Sub-objects (Image, Hours, …) are decoded strictly; EVSEs are drafts themselves.
public struct LocationDraft: Decodable, Sendable {
    public var countryCode: String?
    public var partyID: String?
    public var id: String?
    public var publish: Bool?
    public var publishAllowedTo: [PublishTokenType]?
    public var name: String?
    public var address: String?
    public var city: String?
    public var postalCode: String?
    public var state: String?
    public var country: String?
    public var coordinates: GeoLocation?
    public var relatedLocations: [AdditionalGeoLocation]?
    public var parkingType: ParkingType?
    public var evses: [EVSEDraft]?
    public var parkingPlaces: [Parking]?
    public var directions: [DisplayText]?
    public var `operator`: BusinessDetails?
    public var suboperator: BusinessDetails?
    public var owner: BusinessDetails?
    public var facilities: [Facility]?
    public var timeZone: String?
    public var openingTimes: Hours?
    public var chargingWhenClosed: Bool?
    public var images: [Image]?
    public var energyMix: EnergyMix?
    public var helpPhone: String?
    public var lastUpdated: DateTime?
    /// Fields present with the wrong shape, with paths relative to this object (EVSEs report their own).
    public var decodingIssues: [ValidationError.Issue] = []

    /// An empty draft, to fill in code (a tenant's own change, a test).
    public init() {}

    public init(from decoder: any Decoder) throws {
        var fields = try DraftFields(decoder, keyedBy: Location.CodingKeys.self)
        countryCode = fields.value(.countryCode)
        partyID = fields.value(.partyID)
        id = fields.value(.id)
        publish = fields.value(.publish)
        publishAllowedTo = fields.value(.publishAllowedTo)
        name = fields.value(.name)
        address = fields.value(.address)
        city = fields.value(.city)
        postalCode = fields.value(.postalCode)
        state = fields.value(.state)
        country = fields.value(.country)
        coordinates = fields.value(.coordinates)
        relatedLocations = fields.value(.relatedLocations)
        parkingType = fields.value(.parkingType)
        evses = fields.value(.evses)
        parkingPlaces = fields.value(.parkingPlaces)
        directions = fields.value(.directions)
        `operator` = fields.value(.operator)
        suboperator = fields.value(.suboperator)
        owner = fields.value(.owner)
        facilities = fields.value(.facilities)
        timeZone = fields.value(.timeZone)
        openingTimes = fields.value(.openingTimes)
        chargingWhenClosed = fields.value(.chargingWhenClosed)
        images = fields.value(.images)
        energyMix = fields.value(.energyMix)
        helpPhone = fields.value(.helpPhone)
        lastUpdated = fields.value(.lastUpdated)
        decodingIssues = fields.issues
    }
}
