extension PeerCallError {
    /// The peer answered 401 or 403: it no longer accepts our token. Not a refusal of one object: every call will
    /// fail the same way until the peer (or an operator) fixes the credentials, so the peer is backed off, and in the
    /// end suspended, rather than having each delivery marked failed.
    public var refusesOurToken: Bool {
        kind == .httpStatus(401) || kind == .httpStatus(403)
    }

    /// A failure of the peer as a whole rather than of one object: it is down, refuses our token, or its URL now
    /// leads to an address the URL policy refuses. The push worker backs such a peer off (and in the end suspends
    /// it) instead of marking the delivery failed, so that no change is lost while it lasts.
    public var failsThePeer: Bool {
        isRetryable || refusesOurToken || kind == .refused
    }
}
