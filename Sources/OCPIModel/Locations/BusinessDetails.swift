/// The operator, suboperator or owner of a Location.
public struct BusinessDetails: Codable, Sendable, Hashable {
    /// string(100).
    public var name: String
    /// URL.
    public var website: String?
    public var logo: Image?

    public init(name: String, website: String? = nil, logo: Image? = nil) {
        self.name = name
        self.website = website
        self.logo = logo
    }
}
