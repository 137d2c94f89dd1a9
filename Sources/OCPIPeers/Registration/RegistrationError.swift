import OCPIModel

/// Why a credentials exchange failed, with the OCPI status code the spec gives each case.
public enum RegistrationError: Error, Sendable {
    /// The Credentials body is unusable (2001).
    case invalidCredentials([String])
    /// Their versions or version details could not be read (3001).
    case peerUnreachable(PeerCallError)
    /// No version both sides speak, or not the one the request asked for (3002).
    case unsupportedVersion(String)
    /// Their version details lack an endpoint we need (3003).
    case missingEndpoints(String)
    /// POST on a connection that is already registered (HTTP 405).
    case alreadyRegistered
    /// PUT or DELETE on a connection that is not registered (HTTP 405).
    case notRegistered

    public var statusCode: OCPIStatusCode {
        switch self {
        case .invalidCredentials: .invalidOrMissingParameters
        case .peerUnreachable: .unableToUseClientAPI
        case .unsupportedVersion: .unsupportedVersion
        case .missingEndpoints: .noMatchingEndpoints
        case .alreadyRegistered, .notRegistered: .clientError
        }
    }

    public var message: String {
        switch self {
        case .invalidCredentials(let problems): "the credentials are not usable: " + problems.joined(separator: "; ")
        case .peerUnreachable(let error): "could not use your API: \(error)"
        case .unsupportedVersion(let detail): detail
        case .missingEndpoints(let detail): detail
        case .alreadyRegistered: "this connection is already registered; use PUT to update it or DELETE to unregister"
        case .notRegistered: "this connection is not registered; POST credentials with your token A first"
        }
    }
}
