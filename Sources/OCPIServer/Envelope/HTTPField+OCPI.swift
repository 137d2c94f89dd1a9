import HTTPTypes

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-ID")!
    static let xCorrelationID = Self("X-Correlation-ID")!
    static let xTotalCount = Self("X-Total-Count")!
    static let xLimit = Self("X-Limit")!
    static let link = Self("Link")!
    static let ocpiToCountryCode = Self("OCPI-to-country-code")!
    static let ocpiToPartyID = Self("OCPI-to-party-id")!
    static let ocpiFromCountryCode = Self("OCPI-from-country-code")!
    static let ocpiFromPartyID = Self("OCPI-from-party-id")!
}
