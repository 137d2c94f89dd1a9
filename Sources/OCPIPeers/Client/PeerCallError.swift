import OCPIModel

/// Why a call to a peer failed. `isRetryable` separates a peer that is down or slow (try again later) from a peer
/// that answered and said no (retrying changes nothing).
public struct PeerCallError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Connection refused, DNS failure, TLS failure, timeout.
        case unreachable
        /// An HTTP error status.
        case httpStatus(Int)
        /// HTTP success, but the envelope's status_code is not 1xxx.
        case ocpiStatus(Int)
        /// Not an OCPI envelope, data of the wrong shape, or an answer beyond the size cap.
        case invalidResponse
        /// Not called: the URL's scheme, or an address it leads to, is one `PeerURLPolicy` refuses.
        case refused
    }

    public var kind: Kind
    /// What happened, for the operator (never contains a token). Escaped: it quotes what the peer sent.
    public var message: String
    /// The URL that was called (escaped: the peer chose it).
    public var url: String
    /// The envelope's `status_code`, when an HTTP error carried an envelope (404 with 2004, say).
    public var envelopeCode: Int?

    public init(_ kind: Kind, message: String, url: String) {
        self.kind = kind
        self.message = UntrustedText.escaped(message)
        self.url = UntrustedText.escaped(url)
    }

    /// Worth trying again later: the peer was unreachable, timed out, or answered with a server or gateway error.
    public var isRetryable: Bool {
        switch kind {
        case .unreachable: return true
        case .httpStatus(let status): return status >= 500 || status == 429 || status == 408
        case .ocpiStatus, .invalidResponse, .refused: return false
        }
    }

    /// The peer said it does not know the token it was asked about: OCPI 2004, alone or with HTTP 404. A bare 404 (a
    /// wrong URL, an error page) or 2003 (an unknown location) is not that.
    public var isUnknownToken: Bool {
        switch kind {
        case .ocpiStatus(2004): return true
        case .httpStatus(404): return envelopeCode == 2004
        default: return false
        }
    }

    /// The peer could not answer now: unreachable, slow, a server or gateway error, or an OCPI 3xxx (its own server
    /// error).
    public var isPeerOutage: Bool {
        if case .ocpiStatus(let code) = kind, (3000..<4000).contains(code) { return true }
        if case .httpStatus = kind, let code = envelopeCode, (3000..<4000).contains(code) { return true }
        return isRetryable
    }

    /// The peer reported the object unknown (HTTP 404, or OCPI 2003/2004).
    public var isUnknownObject: Bool {
        switch kind {
        case .httpStatus(404): return true
        case .ocpiStatus(let code): return code == 2003 || code == 2004
        default: return false
        }
    }

    public var description: String { "\(message) (\(url))" }

    /// A URL the policy would not call: `refused`, or `unreachable` when its name did not resolve.
    public init(_ refusal: PeerURLRefusal) {
        if refusal.isResolutionFailure {
            self.init(.unreachable, message: "could not reach the peer: \(refusal.reason)", url: refusal.url)
        } else {
            self.init(.refused, message: "refused to call the URL: \(refusal.reason)", url: refusal.url)
        }
    }
}
