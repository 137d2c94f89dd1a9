/// The four-digit `status_code` of the OCPI envelope, kept apart from the HTTP status on purpose: a request that
/// reached the OCPI layer gets HTTP 200 with a 2xxx code, not an HTTP error.
public struct OCPIStatusCode: RawRepresentable, Sendable, Hashable, Codable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 1000: generic success.
    public static let success = Self(rawValue: 1000)
    /// 2000: generic client error.
    public static let clientError = Self(rawValue: 2000)
    /// 2001: invalid or missing parameters.
    public static let invalidOrMissingParameters = Self(rawValue: 2001)
    /// 2002: not enough information (for example a real-time authorisation without location).
    public static let notEnoughInformation = Self(rawValue: 2002)
    /// 2003: unknown Location (also used here for unknown EVSEs and Connectors).
    public static let unknownLocation = Self(rawValue: 2003)
    /// 2004: unknown Token.
    public static let unknownToken = Self(rawValue: 2004)
    /// 3000: generic server error.
    public static let serverError = Self(rawValue: 3000)
    /// 3001: unable to use the client's API (its versions or details could not be read).
    public static let unableToUseClientAPI = Self(rawValue: 3001)
    /// 3002: unsupported version.
    public static let unsupportedVersion = Self(rawValue: 3002)
    /// 3003: no matching endpoints, or the expected ones are missing.
    public static let noMatchingEndpoints = Self(rawValue: 3003)

    public var isSuccess: Bool { (1000..<2000).contains(rawValue) }
}
