/// A WGS 84 point, as decimal-degree strings (the spec keeps them as text so that no precision is lost).
///
/// Values built from a request body are normalised (see `GeoLocation+Normalization.swift`); the strict type holds
/// what the spec allows: latitude `-?[0-9]{1,2}\.[0-9]{5,7}` in string(10), longitude `-?[0-9]{1,3}\.[0-9]{5,7}` in
/// string(11).
public struct GeoLocation: Codable, Sendable, Hashable {
    public var latitude: String
    public var longitude: String

    public init(latitude: String, longitude: String) {
        self.latitude = latitude
        self.longitude = longitude
    }
}
