/// A point related to a Location (an entrance, an exit), with an optional name.
public struct AdditionalGeoLocation: Codable, Sendable, Hashable {
    public var latitude: String
    public var longitude: String
    public var name: DisplayText?

    public init(latitude: String, longitude: String, name: DisplayText? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
    }

    /// The point without its name.
    public var point: GeoLocation {
        get { GeoLocation(latitude: latitude, longitude: longitude) }
        set { (latitude, longitude) = (newValue.latitude, newValue.longitude) }
    }
}
