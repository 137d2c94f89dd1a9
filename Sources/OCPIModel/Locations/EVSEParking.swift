/// Links an EVSE to a parking place of its Location. 2.3.0 only.
public struct EVSEParking: Codable, Sendable, Hashable {
    /// CiString(36): the `id` of one of the Location's `parking_places`.
    public var parkingID: String
    public var evsePosition: EVSEPosition?

    public init(parkingID: String, evsePosition: EVSEPosition? = nil) {
        self.parkingID = parkingID
        self.evsePosition = evsePosition
    }

    enum CodingKeys: String, CodingKey {
        case parkingID = "parking_id"
        case evsePosition = "evse_position"
    }
}
