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

    /// The whole story, for the log and the peer's `last_error`: escaped, since it quotes what the peer sent.
    public var message: String {
        switch self {
        case .invalidCredentials(let problems): UntrustedText.escaped("the credentials are not usable: " + problems.joined(separator: "; "))
        case .peerUnreachable(let error): "could not use your API: \(error)"
        case .unsupportedVersion(let detail): UntrustedText.escaped(detail)
        case .missingEndpoints(let detail): UntrustedText.escaped(detail)
        case .alreadyRegistered: "this connection is already registered; use PUT to update it or DELETE to unregister"
        case .notRegistered: "this connection is not registered; POST credentials with your token A first"
        }
    }

    /// What the platform that called our credentials endpoint is told. A failed call to a URL it gave us is told
    /// without its cause: whether an address answered, refused or timed out would let any caller map networks
    /// through us. The cause is in our log and in `list_peers.sql`.
    public var callerMessage: String {
        switch self {
        case .peerUnreachable:
            "could not complete the handshake with your platform: a call to the versions or endpoint URLs you gave did not "
                + "succeed; check that they are public http(s) URLs that answer with your token, or ask the operator for the "
                + "cause (quote this response's X-Request-ID)"
        default: message
        }
    }
}
