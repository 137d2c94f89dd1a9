/// An EVSE as a request body wrote it: every field optional, for PUT (complete) and PATCH (partial) alike.
/// Sub-objects (Image, StatusSchedule, …) are decoded strictly; Connectors are drafts themselves.
public struct EVSEDraft: Decodable, Sendable {
    public var uid: String?
    public var evseID: String?
    public var status: EVSEStatus?
    public var statusSchedule: [StatusSchedule]?
    public var capabilities: [Capability]?
    public var connectors: [ConnectorDraft]?
    public var floorLevel: String?
    public var coordinates: GeoLocation?
    public var physicalReference: String?
    public var directions: [DisplayText]?
    public var parkingRestrictions: [ParkingRestriction]?
    public var parking: [EVSEParking]?
    public var images: [Image]?
    public var acceptedServiceProviders: [String]?
    public var lastUpdated: DateTime?
    /// Fields present with the wrong shape, with paths relative to this object (connectors report their own).
    public var decodingIssues: [ValidationError.Issue] = []

    /// An empty draft, to fill in code (a tenant's own change, a test).
    public init() {}

    public init(from decoder: any Decoder) throws {
        var fields = try DraftFields(decoder, keyedBy: EVSE.CodingKeys.self)
        uid = fields.value(.uid)
        evseID = fields.value(.evseID)
        status = fields.value(.status)
        statusSchedule = fields.value(.statusSchedule)
        capabilities = fields.value(.capabilities)
        connectors = fields.value(.connectors)
        floorLevel = fields.value(.floorLevel)
        coordinates = fields.value(.coordinates)
        physicalReference = fields.value(.physicalReference)
        directions = fields.value(.directions)
        parkingRestrictions = fields.value(.parkingRestrictions)
        parking = fields.value(.parking)
        images = fields.value(.images)
        acceptedServiceProviders = fields.value(.acceptedServiceProviders)
        lastUpdated = fields.value(.lastUpdated)
        decodingIssues = fields.issues
    }
}
