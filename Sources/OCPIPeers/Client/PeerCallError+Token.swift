extension PeerCallError {
    /// The peer answered 401 or 403: it no longer accepts our token. Not a refusal of one object: every call will
    /// fail the same way until the peer (or an operator) fixes the credentials, so the peer is backed off, and in the
    /// end suspended, rather than having each delivery marked failed.
    public var refusesOurToken: Bool {
        kind == .httpStatus(401) || kind == .httpStatus(403)
    }
}
